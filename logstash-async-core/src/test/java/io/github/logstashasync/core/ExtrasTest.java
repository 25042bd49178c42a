package io.github.logstashasync.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.logstashasync.api.Extras;
import io.github.logstashasync.api.ValueSnapshots;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link Extras} keeps its fields in an array (a log call's extras are a handful: an array is a quarter of a hash
 * map's garbage, issue 18), and must still behave as the immutable, ordered map it documents.
 */
class ExtrasTest {

    @Test
    void behavesAsAnOrderedMapWhereALaterKeyReplacesTheValueInTheFirstPlace() {
        Extras extras = Extras.of("a", 1, "b", "two", "a", 3, "c", null);
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("a", 1);
        expected.put("b", "two");
        expected.put("a", 3);
        expected.put("c", null);
        assertEquals(expected, extras, "equal to the map that the same puts make");
        assertEquals(expected.hashCode(), extras.hashCode());
        assertEquals(List.of("a", "b", "c"), new ArrayList<>(extras.keySet()), "insertion order, duplicates folded");
        assertEquals(3, extras.get("a"));
        assertTrue(extras.containsKey("c") && extras.get("c") == null, "a null value is a field");
        assertFalse(extras.containsKey("d") || extras.containsKey(null));
        assertNull(extras.get("d"));
        List<String> visited = new ArrayList<>();
        extras.forEach((k, v) -> visited.add(k + "=" + v));
        assertEquals(List.of("a=3", "b=two", "c=null"), visited);
    }

    @Test
    void manyFieldsWithDuplicatesAreFoldedToo() {
        Object[] pairs = new Object[2 * 40];
        for (int i = 0; i < 40; i++) {
            pairs[2 * i] = "k" + (i % 25); // 15 duplicates
            pairs[2 * i + 1] = i;
        }
        Extras extras = Extras.of(pairs);
        assertEquals(25, extras.size());
        assertEquals(30, extras.get("k5"), "the last value of k5 (i = 30)");
        assertEquals("k0", extras.keySet().iterator().next(), "first place kept");
    }

    @Test
    void isImmutableAndIndependentOfTheCallersArray() {
        Object[] pairs = {"a", 1, "b", 2};
        Extras extras = Extras.of(pairs);
        pairs[1] = 99;
        assertEquals(1, extras.get("a"), "a copy of the array is kept");
        assertThrows(UnsupportedOperationException.class, () -> extras.put("c", 3));
        assertThrows(UnsupportedOperationException.class, () -> extras.entrySet().iterator().next().setValue(5));
        assertThrows(UnsupportedOperationException.class, () -> extras.remove("a"));
    }

    @Test
    void aSnapshotOfImmutableValuesIsTheExtrasThemselvesElseACopy() {
        Extras plain = Extras.of("s", "x", "n", 1, "d", 2.5, "b", true);
        assertSame(plain, ValueSnapshots.ofFields(plain), "nothing to copy");
        List<String> mutable = new ArrayList<>(List.of("one"));
        Extras withList = Extras.of("s", "x", "list", mutable);
        Map<String, Object> snapshot = ValueSnapshots.ofFields(withList);
        assertNotSame(withList, snapshot);
        mutable.add("two");
        assertEquals(List.of("one"), snapshot.get("list"), "the list as it was at the call");
    }

    @Test
    void theBuilderAndFromKeepOrderAndCheckKeys() {
        Extras built = Extras.builder().put("x", 1).put("y", 2).put("x", 3).build();
        assertEquals(List.of("x", "y"), new ArrayList<>(built.keySet()));
        assertEquals(3, built.get("x"));
        assertSame(Extras.empty(), Extras.builder().build());
        assertEquals(built, Extras.from(built));
        assertThrows(IllegalArgumentException.class, () -> Extras.of("", 1));
        assertThrows(IllegalArgumentException.class, () -> Extras.of(1, 1));
        assertThrows(IllegalArgumentException.class, () -> Extras.of("odd"));
        assertTrue(Extras.of().isEmpty());
    }
}
