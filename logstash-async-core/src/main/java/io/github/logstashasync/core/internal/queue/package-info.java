/**
 * The event queues between persisting and sending: the bounded {@link MemoryEventQueue}, the crash-safe
 * {@link SqliteEventQueue} (compatible with python-logstash-async's database), and {@link QueueInspector} for
 * the command-line tool and the monitor.
 */
package io.github.logstashasync.core.internal.queue;
