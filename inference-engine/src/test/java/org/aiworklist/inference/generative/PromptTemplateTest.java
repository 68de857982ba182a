package org.aiworklist.inference.generative;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PromptTemplateTest {
    private static final Map<String, String> VALUES =
            Map.of("modality", "CT", "image_count", "85", "other_findings", "none");

    @Test
    void theImagesLineSplitsInstructionFromQuestionAndNotesAreNotSent() {
        PromptTemplate t = PromptTemplate.parse(
                "# version 1, a note\nLook at {{image_count}} {{ modality }} images.\n{{images}}\nOthers: {{other_findings}}.\n");
        assertEquals("Look at 85 CT images.", t.instruction(VALUES));
        assertEquals("Others: none.", t.question(VALUES));
    }

    @Test
    void aTemplateNeedsExactlyOneImagesLine() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> PromptTemplate.parse("Look.\nAnswer.\n"));
        assertTrue(e.getMessage().contains("{{images}}"));
        assertThrows(IllegalArgumentException.class, () -> PromptTemplate.parse("a\n{{images}}\nb\n{{images}}\nc"));
    }

    @Test
    void anUnknownPlaceholderIsNamed() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> PromptTemplate.parse("Patient {{patient_name}}\n{{images}}\nq"));
        assertTrue(e.getMessage().contains("{{patient_name}}"), e.getMessage());
    }

    @Test
    void bothSidesOfTheImagesMustSaySomething() {
        assertThrows(IllegalArgumentException.class, () -> PromptTemplate.parse("{{images}}\nq"));
    }
}
