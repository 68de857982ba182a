package org.aiworklist.audit;

import com.thaiopensource.util.PropertyMapBuilder;
import com.thaiopensource.validate.ValidateProperty;
import com.thaiopensource.validate.ValidationDriver;
import com.thaiopensource.validate.rng.CompactSchemaReader;
import java.io.StringReader;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXParseException;

/**
 * The DICOM audit message schema (PS3.15 A.5.1, RELAX NG compact, copied in test resources with its source) and
 * Jing validating a message against it. Public for routes' end-to-end audit test.
 */
public final class AuditSchema {
    private static final URL SCHEMA = AuditSchema.class.getResource("/dicom-audit-schema/audit-message.rnc");

    private AuditSchema() {}

    /** The schema's complaints about {@code xml}; empty when it is valid. */
    public static synchronized List<String> problems(String xml) {
        List<String> problems = new ArrayList<>();
        ErrorHandler collect = new ErrorHandler() {
            @Override
            public void warning(SAXParseException e) {
                // warnings do not make a message invalid
            }

            @Override
            public void error(SAXParseException e) {
                problems.add(e.getMessage());
            }

            @Override
            public void fatalError(SAXParseException e) {
                problems.add(e.getMessage());
            }
        };
        PropertyMapBuilder properties = new PropertyMapBuilder();
        properties.put(ValidateProperty.ERROR_HANDLER, collect);
        ValidationDriver driver = new ValidationDriver(properties.toPropertyMap(), CompactSchemaReader.getInstance());
        try {
            if (!driver.loadSchema(new InputSource(SCHEMA.toString()))) {
                throw new IllegalStateException("the audit schema does not load: " + problems);
            }
            if (!driver.validate(new InputSource(new StringReader(xml))) && problems.isEmpty()) {
                problems.add("invalid");
            }
        } catch (java.io.IOException | org.xml.sax.SAXException e) {
            problems.add(e.toString());
        }
        return problems;
    }
}
