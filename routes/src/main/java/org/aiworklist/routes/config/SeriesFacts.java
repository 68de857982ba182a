package org.aiworklist.routes.config;

import java.util.Optional;

/** What a rule can ask of a received series: the text of its attributes, and who sent it. */
public interface SeriesFacts {
    /** The text of a standard attribute by PS3.6 keyword (several values joined by backslashes); empty if absent. */
    Optional<String> text(String keyword);

    /** The calling AE title of the association that sent the series; empty if unknown. */
    Optional<String> callingAeTitle();
}
