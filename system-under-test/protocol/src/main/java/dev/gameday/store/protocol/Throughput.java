package dev.gameday.store.protocol;

/**
 * The capacity a table was created with, accepted and echoed (this store does not enforce it).
 * Zero read and write units mean BillingMode PAY_PER_REQUEST.
 */
public record Throughput(long readCapacityUnits, long writeCapacityUnits) {
    public static final Throughput PAY_PER_REQUEST = new Throughput(0, 0);

    public Throughput {
        if (readCapacityUnits < 0 || writeCapacityUnits < 0) {
            throw new IllegalArgumentException("capacity units must not be negative");
        }
    }

    public boolean isPayPerRequest() {
        return readCapacityUnits == 0 && writeCapacityUnits == 0;
    }
}
