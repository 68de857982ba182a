package org.aiworklist.inference.manifest;

import org.aiworklist.common.CodedConcept;

/**
 * One output channel and the coded concepts the SR writes for it.
 *
 * @param name    short name, used in tracking ids (e.g. "nodule")
 * @param finding SR Finding (121071, DCM)
 * @param site    SR Finding Site (363698007, SCT); may be null
 */
public record Label(String name, CodedConcept finding, CodedConcept site) {}
