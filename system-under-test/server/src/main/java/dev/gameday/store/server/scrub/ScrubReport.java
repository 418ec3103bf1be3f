package dev.gameday.store.server.scrub;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** One scrub run over one or more groups. */
public record ScrubReport(String scrubId, long startedEpochMillis, long finishedEpochMillis,
                          List<GroupScrubReport> groups) {
  @JsonProperty("clean")
  public boolean clean() {
    return groups.stream().allMatch(GroupScrubReport::clean);
  }
}
