package org.aiworklist.routes.jobs;

import org.aiworklist.common.InferenceResult;

/** What the inference stage hands to the report stage. */
public record JobResult(long jobId, InferenceResult result) {}
