package org.aiworklist.inference.engine;

import org.aiworklist.inference.manifest.EngineKind;

/** One entry of a manifest's engine preference, judged against this machine before anything is loaded. */
public record EngineCandidate(EngineKind kind, boolean eligible, String reason) {}
