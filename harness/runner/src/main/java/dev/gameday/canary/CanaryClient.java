package dev.gameday.canary;

/**
 * Sends canary commands to the store through one router endpoint. The DynamoDB implementation
 * (GetItem with ConsistentRead, PutItem, UpdateItem with a ConditionExpression) comes with the
 * container cluster; it must use client timeouts and no SDK retries (see {@link OutcomeClassifier}).
 */
public interface CanaryClient {
    /**
     * Executes the command and returns the ok completion's value: for a read the value read (null
     * when absent), for a write the value written, for a cas the [expected new] pair. Throws when the
     * call failed: a failed condition as the SDK's ConditionalCheckFailedException, other errors as
     * they come, for {@link OutcomeClassifier} to judge.
     */
    Object execute(Command command) throws Exception;
}
