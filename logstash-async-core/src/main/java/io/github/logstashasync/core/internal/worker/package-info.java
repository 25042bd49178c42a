/** The worker behind an asynchronous handler: hand-off buffer, persisting, flushing, sending, retrying. */
package io.github.logstashasync.core.internal.worker;
