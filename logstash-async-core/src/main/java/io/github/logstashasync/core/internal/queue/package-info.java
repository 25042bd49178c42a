/**
 * The event queues between persisting and sending: {@link io.github.logstashasync.core.internal.queue.MemoryEventQueue}
 * and the crash-safe {@link io.github.logstashasync.core.internal.queue.SqliteEventQueue}.
 */
package io.github.logstashasync.core.internal.queue;
