package io.github.logstashasync.servlet;

/** Whether an optional ({@code requires static}) dependency is there for this module to use. */
final class OptionalModule {

    private OptionalModule() {
    }

    /**
     * Whether {@code className} loads from {@code caller}'s loader and, on the module path, its module
     * {@code moduleName} is resolved: a static requirement is present only when something else asked for it.
     */
    static boolean available(String className, String moduleName, Class<?> caller) {
        try {
            Class.forName(className, false, caller.getClassLoader());
            Module own = caller.getModule();
            return !own.isNamed() || own.getLayer() == null || own.getLayer().findModule(moduleName).isPresent();
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
