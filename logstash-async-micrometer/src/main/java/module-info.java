/** A Micrometer binder of the logstash-async pipelines' figures, tagged by pipeline name. */
// micrometer-core is an automatic module (no module-info of its own), which javac warns about for "requires
// transitive" (that lint is off in this module's POM); transitive it must be: MeterBinder and MeterRegistry are
// in this module's API.
module io.github.logstashasync.micrometer {
    // LogstashPipeline and PipelineMXBean appear in this module's public signatures.
    requires transitive io.github.logstashasync.core;
    // Automatic module name of micrometer-core; MeterBinder and MeterRegistry appear in the public signatures.
    requires transitive micrometer.core;

    exports io.github.logstashasync.micrometer;
}
