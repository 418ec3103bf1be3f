package dev.gameday.store.api.bugs;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BugSwitchesTest {
    @Test
    void aBugSwitchWithoutTheEnvironmentsConsentRefusesToStart() {
        BugSwitches bug = BugSwitches.of(StoreBug.ACK_BEFORE_QUORUM);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> bug.checkAllowed(Map.of()));
        assertTrue(e.getMessage().contains(BugSwitches.ENV), e.getMessage());
        assertThrows(IllegalStateException.class, () -> bug.checkAllowed(Map.of(BugSwitches.ENV, "yes")));
        assertDoesNotThrow(() -> bug.checkAllowed(Map.of(BugSwitches.ENV, BugSwitches.ENV_VALUE)));
        assertDoesNotThrow(() -> BugSwitches.none().checkAllowed(Map.of()));
    }

    @Test
    void theConfigKeepsOneBooleanPerBugUnderItsConfigKey() throws Exception {
        ObjectMapper json = new ObjectMapper();
        String written = json.writeValueAsString(BugSwitches.of(StoreBug.SCRUB_NEVER_REPAIRS));
        assertEquals(
                "{\"ackBeforeQuorum\":false,\"staleConsistentRead\":false,\"scrubNeverRepairs\":true,"
                        + "\"ratisReadIndex\":false,\"raftLogUnsafeFlush\":false,\"appliedIndexOutrunsItems\":false}",
                written);
        assertEquals(BugSwitches.of(StoreBug.SCRUB_NEVER_REPAIRS), json.readValue(written, BugSwitches.class));
        assertEquals(
                BugSwitches.of(StoreBug.ACK_BEFORE_QUORUM),
                json.readValue("{\"ackBeforeQuorum\":true}", BugSwitches.class),
                "a bug left out is off");
        assertThrows(Exception.class, () -> json.readValue("{\"loseEverything\":true}", BugSwitches.class));
    }

    @Test
    void theCommandLineNamesEveryBug() {
        for (StoreBug bug : StoreBug.values()) {
            assertEquals(bug, StoreBug.fromOptionName(bug.optionName()));
        }
        assertEquals("ack-before-quorum", StoreBug.ACK_BEFORE_QUORUM.optionName());
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> StoreBug.fromOptionName("typo"));
        assertTrue(e.getMessage().contains("ratis-read-index"), e.getMessage());
    }
}
