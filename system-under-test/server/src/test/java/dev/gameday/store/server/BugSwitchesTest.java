package dev.gameday.store.server;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gameday.store.server.bugs.BugSwitches;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BugSwitchesTest {
  @Test
  void aBugSwitchWithoutTheEnvironmentsConsentRefusesToStart() {
    BugSwitches bug = new BugSwitches(true, false, false, false);
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> bug.checkAllowed(Map.of()));
    assertTrue(e.getMessage().contains(BugSwitches.ENV), e.getMessage());
    assertThrows(IllegalStateException.class, () -> bug.checkAllowed(Map.of(BugSwitches.ENV, "yes")));
    assertDoesNotThrow(() -> bug.checkAllowed(Map.of(BugSwitches.ENV, BugSwitches.ENV_VALUE)));
    assertDoesNotThrow(() -> BugSwitches.none().checkAllowed(Map.of()));
  }
}
