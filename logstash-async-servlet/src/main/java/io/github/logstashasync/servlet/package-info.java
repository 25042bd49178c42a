/** The request filter {@link io.github.logstashasync.servlet.LogstashRequestFilter}. */
package io.github.logstashasync.servlet;
