/** The {@code file} transport: its provider, its options and the transport itself. Not exported. */
package io.github.logstashasync.plugin.example;
