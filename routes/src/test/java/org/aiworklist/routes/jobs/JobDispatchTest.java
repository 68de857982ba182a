package org.aiworklist.routes.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.aiworklist.common.Priority;
import org.junit.jupiter.api.Test;

class JobDispatchTest {
    @Test
    void moreUrgentJobsGetAHigherJmsPriorityAndRoutineKeepsJmsDefault() {
        assertEquals(4, JobDispatch.jmsPriority(Priority.ROUTINE));
        assertEquals(7, JobDispatch.jmsPriority(Priority.HIGH));
        assertEquals(9, JobDispatch.jmsPriority(Priority.STAT));
    }
}
