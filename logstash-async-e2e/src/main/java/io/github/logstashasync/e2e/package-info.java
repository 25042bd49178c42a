/** The application that the end-to-end plugin tests start in a child JVM, configured by logging.properties only. */
package io.github.logstashasync.e2e;
