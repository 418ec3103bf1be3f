package dev.gameday.report;

/** One availability time series: canary traffic from one AZ through one router endpoint. */
public record Series(String az, String endpoint) implements Comparable<Series> {

    @Override
    public int compareTo(Series o) {
        int byAz = az.compareTo(o.az);
        return byAz != 0 ? byAz : endpoint.compareTo(o.endpoint);
    }
}
