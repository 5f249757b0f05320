package io.nhp.jobs.openai;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * OpenAI's {@code POST /v1/embeddings} body: the model, the input (a text or a list of up to 2,048 texts), the
 * encoding of the vectors ({@code float} or {@code base64}), optional dimensions (384 only) and the end user.
 */
public record EmbeddingsRequest(String model, JsonNode input,
                                @JsonProperty("encoding_format") String encodingFormat,
                                Integer dimensions, String user) {
}
