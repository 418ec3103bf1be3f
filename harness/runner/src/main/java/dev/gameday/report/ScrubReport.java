package dev.gameday.report;

/**
 * What the store's scrub reported after healing: replica groups compared, mismatching replicas
 * found, corruptions the harness injected and how many of them scrub detected, replicas repaired.
 */
public record ScrubReport(long groupsChecked, long mismatches, long corruptionsInjected, long corruptionsDetected,
                          long repaired) {
}
