package io.github.logstashasync.core.internal.transport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A class path of plugins for one test: a {@code META-INF/services} file listing the given names, and the test
 * classes named in {@code isolated} defined again by this loader, in its unnamed module, so that the service
 * loader treats them as class-path providers rather than as classes of the core module.
 */
final class PluginClassLoader extends URLClassLoader {

    private final List<String> isolated;

    private PluginClassLoader(Path root, List<String> isolated) throws IOException {
        super(new URL[] {root.toUri().toURL()}, PluginClassLoader.class.getClassLoader());
        this.isolated = isolated;
    }

    static PluginClassLoader create(Path root, String service, List<String> listed, List<String> isolated)
            throws IOException {
        Path services = Files.createDirectories(root.resolve("META-INF/services"));
        Files.write(services.resolve(service), listed);
        return new PluginClassLoader(root, isolated);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (!isolated.contains(name)) {
            return super.loadClass(name, resolve);
        }
        synchronized (getClassLoadingLock(name)) {
            Class<?> loaded = findLoadedClass(name);
            if (loaded == null) {
                byte[] bytes = classBytes(name);
                loaded = defineClass(name, bytes, 0, bytes.length);
            }
            return loaded;
        }
    }

    private static byte[] classBytes(String name) {
        String resource = name.substring(name.lastIndexOf('.') + 1) + ".class";
        try (InputStream in = PluginClassLoader.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("no class file " + resource + " next to the test classes");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
