/** Reading options from {@code logging.properties}. */
package io.github.logstashasync.core.internal.config;
