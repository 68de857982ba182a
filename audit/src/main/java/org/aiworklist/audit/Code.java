package org.aiworklist.audit;

/** A coded value as the audit schema writes it: csd-code, codeSystemName and originalText (the code meaning). */
record Code(String value, String system, String meaning) {
    static Code dcm(String value, String meaning) {
        return new Code(value, "DCM", meaning);
    }

    /** The node's own codes, for what the standard has none (declared in the conformance statement). */
    static Code local(String value, String meaning) {
        return new Code(value, "99AIWORKLIST", meaning);
    }

    static final Code APPLICATION_ACTIVITY = dcm("110100", "Application Activity");
    static final Code APPLICATION_START = dcm("110120", "Application Start");
    static final Code APPLICATION_STOP = dcm("110121", "Application Stop");
    static final Code APPLICATION = dcm("110150", "Application");
    static final Code INSTANCES_ACCESSED = dcm("110103", "DICOM Instances Accessed");
    static final Code INSTANCES_TRANSFERRED = dcm("110104", "DICOM Instances Transferred");
    static final Code QUERY = dcm("110112", "Query");
    static final Code SECURITY_ALERT = dcm("110113", "Security Alert");
    static final Code USER_AUTHENTICATION = dcm("110114", "User Authentication");
    static final Code LOGIN = dcm("110122", "Login");
    static final Code LOGOUT = dcm("110123", "Logout");
    static final Code NODE_AUTHENTICATION = dcm("110126", "Node Authentication");
    static final Code RESTRICTED_FUNCTION = dcm("110132", "Use of Restricted Function");
    static final Code DESTINATION = dcm("110152", "Destination Role ID");
    static final Code SOURCE = dcm("110153", "Source Role ID");
    static final Code STUDY_INSTANCE_UID = dcm("110180", "Study Instance UID");
    static final Code NODE_ID = dcm("110182", "Node ID");
    static final Code PATIENT_NUMBER = new Code("2", "RFC-3881", "Patient Number");
    static final Code API_RESOURCE = local("API", "REST API resource");
    static final Code DESTINATION_NAME = local("DESTINATION", "Configured destination");
}
