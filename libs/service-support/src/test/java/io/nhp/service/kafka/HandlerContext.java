package io.nhp.service.kafka;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.processor.TaskId;

/** Where a failure happened, as Kafka Streams tells an exception handler. */
record HandlerContext(String topic, int partition, long offset, Headers headers, String processorNodeId,
                      TaskId taskId, long timestamp, byte[] sourceRawKey, byte[] sourceRawValue)
        implements ErrorHandlerContext {
}
