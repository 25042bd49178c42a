package io.github.logstashasync.fx;

import java.time.Instant;
import java.util.List;

/**
 * One reading of a running JVM: the figures of the pipelines registered at that moment.
 *
 * @param at        when it was taken
 * @param pipelines the pipelines' figures, sorted by object name
 */
record JvmReading(Instant at, List<PipelineFigures> pipelines) {

    JvmReading {
        pipelines = List.copyOf(pipelines);
    }
}
