/** Flight Recorder events of the pipelines. */
package io.github.logstashasync.core.internal.jfr;
