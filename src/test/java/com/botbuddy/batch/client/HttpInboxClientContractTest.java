package com.botbuddy.batch.client;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

/** The inbox client against a local double that follows the vendor reference to the letter. */
class HttpInboxClientContractTest {

    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    static final String BOT_TOKEN = "bot-SECRET-7f3a9c";
    static final String BP_TOKEN = "bp-SECRET-91d2e4";
    static final String LIST = HttpInboxClient.LIST_PATH;
    static final String LEAD = HttpInboxClient.LEAD_PATH;
    static final String EMPTY_LISTING = "{\"success\":true,\"message\":\"ok\",\"data\":[],\"code\":200}";
    static final String OK_UPDATE = "{\"success\":true,\"message\":\"ok\",\"code\":200}";

    HttpInboxClient client;

    @BeforeEach
    void setUp() {
        client = new HttpInboxClient(settings(), ApiCredentials.of(BOT_TOKEN, BP_TOKEN));
    }

    static ClientSettings settings() {
        return new ClientSettings(wm.baseUrl(), Duration.ofSeconds(2), Duration.ofSeconds(2), 3,
                Duration.ofMillis(10), Duration.ofSeconds(2), 0, ClientSettings.DEFAULT_MAX_ANSWER_BYTES);
    }

    static String resource(String name) throws IOException {
        try (InputStream in = HttpInboxClientContractTest.class.getResourceAsStream("/client/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static MappingBuilder listing() {
        return get(urlPathEqualTo(LIST));
    }

    /** Stubs {@code first} for the first request and {@code then} for every later one. */
    static void firstThen(MappingBuilder first, ResponseDefinitionBuilder firstAnswer,
                          MappingBuilder then, ResponseDefinitionBuilder thenAnswer) {
        wm.stubFor(first.inScenario("flaky").whenScenarioStateIs(STARTED).willReturn(firstAnswer).willSetStateTo("later"));
        wm.stubFor(then.inScenario("flaky").whenScenarioStateIs("later").willReturn(thenAnswer));
    }

    static int requests() {
        return wm.getAllServeEvents().size();
    }

    static LeadUpdate minimalUpdate() {
        return new LeadUpdate("7e88d192-9b20-4035-9b68-d4ac3d58a34f", "bot1", "cust1", null, "INPROGRESS",
                null, null, null, null, null, null, null, null);
    }

    // ------------------------------------------------------------------ golden sample and parsing

    @Test
    void goldenListingFromTheReferenceParsesEveryFieldExactly() throws IOException {
        wm.stubFor(listing().willReturn(okJson(resource("listing-example.json"))));

        ChatListing listing = client.listChats("bot1", "cust1", ChatType.LEAD, 1);

        assertThat(listing.success()).isTrue();
        assertThat(listing.message()).isEqualTo("ok");
        assertThat(listing.code()).isEqualTo(200);
        assertThat(listing.chats()).hasSize(1);
        Chat chat = listing.chats().get(0);
        assertThat(chat.id()).isEqualTo("63d9ffa77a8d152facbe2f2f");
        assertThat(chat.key()).isEqualTo("63d9ffa77a8d152facbe2f2f");
        assertThat(chat.uuid()).isEqualTo("7e88d192-9b20-4035-9b68-d4ac3d58a34f");
        assertThat(chat.createdAt()).isEqualTo("2023-02-01T05:59:03.533Z");
        assertThat(chat.isOnline()).isFalse();
        assertThat(chat.lastMessage()).isEqualTo(new Chat.LastMessage("2023-02-01T06:00:20.000Z", "bot",
                "Welcome to BotBuddy AI. I am here to help you."));
        assertThat(chat.lastSeenAt()).isEqualTo("2023-02-01T06:00:21.000Z");
        assertThat(chat.notes()).containsExactly(
                new Chat.Note("Sample title", "Sample description", "63db5c4abcbc3be2e95b20ae"));
        Chat.UserDetails user = chat.userDetails();
        assertThat(user.name()).isEqualTo("Sample name");
        assertThat(user.picture()).isEqualTo("my-picture");
        assertThat(chat.contact().email()).isEqualTo("Sample email");
        assertThat(chat.phone().number()).isEqualTo("Sample number");
        assertThat(chat.phone().prefix()).isEqualTo("91");
        assertThat(user.city()).isEqualTo("Sample city");
        assertThat(user.country()).isEqualTo("Sample country");
        assertThat(user.gender()).isEqualTo("MALE");
        assertThat(user.tags()).containsExactly("Sample tag");
        assertThat(user.attributes()).containsExactly(new Chat.Attribute("ID", "BP001"));
        assertThat(chat.status()).isEqualTo("INPROGRESS");
        assertThat(chat.updatedAt()).isEqualTo("2023-02-02T06:46:34.119Z");
        assertThat(chat.websiteVisits()).isEqualTo(1);
        assertThat(chat.agentAssigned()).isEqualTo("631aa793bcfa100487d13d0d");
    }

    @Test
    void unknownFieldsAreIgnoredAndMissingFieldsAndProfileAreTolerated() {
        wm.stubFor(listing().willReturn(okJson("""
                {"success": true, "message": "ok", "extra": {"a": [1, 2]}, "code": 200, "data": [
                  {"_id": "a1", "brandNew": {"x": 1}, "profile": {"userDetails": {"name": "N", "future": true,
                     "contact": {"email": "e@x", "phone": {"number": "1", "prefix": "91", "kind": "m"}}}}},
                  {"uuid": "u2"},
                  {"_id": "a3", "profile": {"notes": null}}
                ]}
                """)));

        List<Chat> chats = client.listChats("bot1", "cust1", ChatType.NON_LEAD, 2).chats();

        assertThat(chats).hasSize(3);
        assertThat(chats.get(0).userDetails().name()).isEqualTo("N");
        assertThat(chats.get(0).phone().prefix()).isEqualTo("91");
        Chat bare = chats.get(1);
        assertThat(bare.key()).isEqualTo("u2");
        assertThat(bare.profile()).isNull();
        assertThat(bare.userDetails().name()).isNull();
        assertThat(bare.contact().email()).isNull();
        assertThat(bare.phone().number()).isNull();
        assertThat(bare.notes()).isEmpty();
        assertThat(chats.get(2).notes()).isEmpty();
        assertThat(chats.get(2).phone().prefix()).isNull();
    }

    @Test
    void bigPageIsParsedCompletely() throws IOException {
        String golden = resource("listing-example.json");
        String chat = golden.substring(golden.indexOf("[") + 1, golden.lastIndexOf("]")).strip();
        String body = "{\"success\":true,\"message\":\"ok\",\"code\":200,\"data\":["
                + String.join(",", java.util.Collections.nCopies(5000, chat)) + "]}";
        wm.stubFor(listing().willReturn(okJson(body)));

        List<Chat> chats = client.listChats("b", "c", ChatType.LEAD, 1).chats();

        assertThat(chats).hasSize(5000);
        assertThat(chats.get(4999).phone().prefix()).isEqualTo("91");
    }

    // ------------------------------------------------------------------ keys only (the export's fetch)

    @Test
    void keysOfTheGoldenListingAreThoseOfItsParsedChatsAndTheBodyIsKeptAsSent() throws IOException {
        String golden = resource("listing-example.json");
        wm.stubFor(listing().willReturn(okJson(golden)));

        ListedKeys listed = client.listChatKeys("b", "c", ChatType.LEAD, 1);

        assertThat(listed.keys()).isEqualTo(client.listChats("b", "c", ChatType.LEAD, 1).chats().stream()
                .map(Chat::key).toList());
        assertThat(listed.keys()).isNotEmpty().doesNotContainNull();
        assertThat(new String(listed.body(), StandardCharsets.UTF_8)).isEqualTo(golden);
    }

    @Test
    void keysFallBackToUuidAndSkipEveryOtherValueWhateverItsShape() {
        wm.stubFor(listing().willReturn(okJson("""
                {"code": 200, "extra": {"data": [{"_id": "not a chat"}]}, "data": [
                  {"profile": {"_id": "nested", "notes": [{"_id": "note"}]}, "_id": "a1", "uuid": "u1"},
                  {"_id": "", "uuid": "u2", "tags": ["_id", {"uuid": "x"}]},
                  {"uuid": "u3", "_id": null},
                  {"_id": 42},
                  {"lastMessage": {"text": "}]{\\"_id\\": \\"fake\\"}"}},
                  {}
                ], "success": true, "message": "ok"}""")));

        ListedKeys listed = client.listChatKeys("b", "c", ChatType.LEAD, 1);

        assertThat(listed.keys()).containsExactly("a1", "u2", "u3", "42", null, null);
        assertThat(listed.keys()).isEqualTo(client.listChats("b", "c", ChatType.LEAD, 1).chats().stream()
                .map(Chat::key).toList());
    }

    @Test
    void keysOfAListingWithoutDataAreNone() {
        wm.stubFor(listing().willReturn(okJson("{\"success\":true,\"message\":\"ok\",\"data\":null,\"code\":200}")));

        assertThat(client.listChatKeys("bot1", "cust1", ChatType.LEAD, 9).keys()).isEmpty();
    }

    @Test
    void keysOfASuccessFalseListingAreRejectedWithTheApiMessageNotRetried() {
        wm.stubFor(listing().willReturn(okJson("{\"data\":[],\"success\":false,\"message\":\"bot not found\"}")));

        ApiRejectedException e = catchThrowableOfType(ApiRejectedException.class,
                () -> client.listChatKeys("b", "c", ChatType.LEAD, 1));

        assertThat(e.responseText()).isEqualTo("bot not found");
        assertThat(requests()).isEqualTo(1);
    }

    @Test
    void keysOfATruncatedBodyAreRetriedAsAFullParseIs() {
        firstThen(listing(), okJson("{\"success\": true, \"data\": [{\"_id\": \"a\", \"notes\": [{\"t\": \"u"),
                listing(), okJson("{\"success\":true,\"data\":[{\"_id\":\"a\"}]}"));

        assertThat(client.listChatKeys("b", "c", ChatType.LEAD, 1).keys()).containsExactly("a");
        assertThat(requests()).isEqualTo(2);
    }

    @Test
    void keysOfABodyThatIsNotAListingAreRetriedThenUnavailable() {
        wm.stubFor(listing().willReturn(okJson("{\"success\":true,\"data\":[\"a1\", \"a2\"]}")));

        ApiUnavailableException e = catchThrowableOfType(ApiUnavailableException.class,
                () -> client.listChatKeys("b", "c", ChatType.LEAD, 1));

        assertThat(e.getMessage()).contains("unparsable JSON");
        assertThat(requests()).isEqualTo(3);
    }

    @Test
    void listingWithoutDataIsAnEmptyPage() {
        wm.stubFor(listing().willReturn(okJson("{\"success\":true,\"message\":\"ok\",\"code\":200}")));

        assertThat(client.listChats("bot1", "cust1", ChatType.LEAD, 9).chats()).isEmpty();
    }

    @Test
    void aBodyThatIsNotTheListingsEnvelopeIsRetriedThenUnavailableNotTakenForTheLastPage() {
        wm.stubFor(listing().willReturn(okJson("{\"ok\":true,\"items\":[{\"_id\":\"a\"}]}")));

        assertThat(catchThrowableOfType(ApiUnavailableException.class,
                () -> client.listChatKeys("b", "c", ChatType.LEAD, 1)).getMessage()).contains("not a listing");
        assertThat(catchThrowableOfType(ApiUnavailableException.class,
                () -> client.listChats("b", "c", ChatType.LEAD, 1)).getMessage()).contains("not a listing");
        assertThat(requests()).isEqualTo(6);
    }

    @Test
    void anAnswerLargerThanTheLimitIsRefusedAtOnceWhetherItsLengthIsDeclaredOrNot() {
        HttpInboxClient small = new HttpInboxClient(new ClientSettings(wm.baseUrl(), Duration.ofSeconds(2),
                Duration.ofSeconds(2), 3, Duration.ofMillis(10), Duration.ofSeconds(1), 0, 4096),
                ApiCredentials.of(BOT_TOKEN, BP_TOKEN));
        String big = "{\"success\":true,\"data\":[{\"_id\":\"" + "x".repeat(5000) + "\"}]}";
        wm.stubFor(listing().willReturn(okJson(big)));

        ApiRejectedException declared = catchThrowableOfType(ApiRejectedException.class,
                () -> small.listChatKeys("b", "c", ChatType.LEAD, 1));
        wm.stubFor(listing().willReturn(okJson(big).withChunkedDribbleDelay(4, 10)));
        ApiRejectedException streamed = catchThrowableOfType(ApiRejectedException.class,
                () -> small.listChats("b", "c", ChatType.LEAD, 1));

        assertThat(declared.getMessage()).contains("larger than 4 KB", "--max-answer-size");
        assertThat(streamed.getMessage()).contains("larger than 4 KB", "--max-answer-size");
        assertThat(requests()).as("a refusal is not retried").isEqualTo(2);
    }

    @Test
    void aRedirectIsNotFollowedAndNamesOnlyTheHostItPointsTo() {
        wm.stubFor(listing().willReturn(aResponse().withStatus(302)
                .withHeader("Location", "http://elsewhere.example:8080/steal?token=x")));

        ApiRejectedException e = catchThrowableOfType(ApiRejectedException.class,
                () -> client.listChatKeys("b", "c", ChatType.LEAD, 1));

        assertThat(e.getMessage()).contains("302", "a redirect to http://elsewhere.example:8080, not followed")
                .doesNotContain("steal");
        assertThat(requests()).isEqualTo(1);
    }

    // ------------------------------------------------------------------ exact requests

    @Test
    void listingSendsExactlyThePathTheFourQueryParamsAndTheReadTokenOnly() {
        wm.stubFor(listing().willReturn(okJson(EMPTY_LISTING)));

        client.listChats("bot 1&x", "cust/1", ChatType.NON_LEAD, 3);

        wm.verify(1, getRequestedFor(urlPathEqualTo(LIST))
                .withQueryParam("botId", equalTo("bot 1&x"))
                .withQueryParam("customerId", equalTo("cust/1"))
                .withQueryParam("page", equalTo("3"))
                .withQueryParam("type", equalTo("non-lead"))
                .withHeader(HttpInboxClient.BOT_TOKEN_HEADER, equalTo(BOT_TOKEN))
                .withHeader("Accept", equalTo("application/json"))
                .withoutHeader(HttpInboxClient.BP_TOKEN_HEADER)
                .withoutHeader("Authorization"));
        LoggedRequest request = wm.getAllServeEvents().get(0).getRequest();
        assertThat(URI.create(request.getUrl()).getRawPath()).isEqualTo(LIST);
        assertThat(queryParamNames(request.getUrl())).containsExactly("botId", "customerId", "page", "type");
    }

    @Test
    void leadTypeIsSentAsLead() {
        wm.stubFor(listing().willReturn(okJson(EMPTY_LISTING)));

        client.listChats("b", "c", ChatType.LEAD, 1);

        wm.verify(1, getRequestedFor(urlPathEqualTo(LIST)).withQueryParam("type", equalTo("lead")));
    }

    @Test
    void trailingSlashOnBaseUrlIsTolerated() {
        wm.stubFor(listing().willReturn(okJson(EMPTY_LISTING)));
        HttpInboxClient slashed = new HttpInboxClient(settings().withBaseUrl(wm.baseUrl() + "//"),
                ApiCredentials.of(BOT_TOKEN, BP_TOKEN));

        slashed.listChats("b", "c", ChatType.LEAD, 1);

        assertThat(URI.create(wm.getAllServeEvents().get(0).getRequest().getUrl()).getRawPath()).isEqualTo(LIST);
    }

    @Test
    void updateSendsTheWriteTokenOnlyAndOnlyTheSetFields() {
        wm.stubFor(put(urlPathEqualTo(LEAD)).willReturn(okJson(OK_UPDATE)));

        ApiResponse response = client.updateLead(minimalUpdate());

        assertThat(response).isEqualTo(new ApiResponse(true, "ok", 200));
        wm.verify(1, putRequestedFor(urlPathEqualTo(LEAD))
                .withHeader(HttpInboxClient.BP_TOKEN_HEADER, equalTo(BP_TOKEN))
                .withHeader("Content-Type", equalTo("application/json"))
                .withoutHeader(HttpInboxClient.BOT_TOKEN_HEADER)
                .withoutHeader("Authorization")
                .withRequestBody(equalToJson("""
                        {"uuid": "7e88d192-9b20-4035-9b68-d4ac3d58a34f", "botId": "bot1", "customerId": "cust1",
                         "status": "INPROGRESS"}
                        """)));
        LoggedRequest request = wm.getAllServeEvents().get(0).getRequest();
        assertThat(request.getUrl()).isEqualTo(LEAD);
    }

    @Test
    void updateSendsEveryFieldWithDialCodeWithPlusAndEmptyValuesThatClear() {
        wm.stubFor(put(urlPathEqualTo(LEAD)).willReturn(okJson(OK_UPDATE)));
        LeadUpdate full = new LeadUpdate("u1", "bot1", "cust1", "631aa793bcfa100487d13d0d", "DEPENDANCY",
                "https://x.test/p.png", "Asha", "asha@x.test", "9876543210", "+91",
                List.of(new LeadUpdate.NoteInput("T", "D")), List.of(), List.of(new Chat.Attribute("ID", "BP001")));

        client.updateLead(full);

        wm.verify(1, putRequestedFor(urlPathEqualTo(LEAD)).withRequestBody(equalToJson("""
                {"uuid": "u1", "botId": "bot1", "customerId": "cust1", "agentId": "631aa793bcfa100487d13d0d",
                 "status": "DEPENDANCY", "picture": "https://x.test/p.png", "name": "Asha", "email": "asha@x.test",
                 "phone": "9876543210", "dialCode": "+91", "notes": [{"title": "T", "description": "D"}],
                 "tags": [], "attributes": [{"key": "ID", "value": "BP001"}]}
                """)));
    }

    // ------------------------------------------------------------------ missing tokens

    @Test
    void missingReadTokenFailsWithoutSendingAnything() {
        HttpInboxClient noTokens = new HttpInboxClient(settings(), ApiCredentials.of(null, BP_TOKEN));

        ApiAuthException e = catchThrowableOfType(ApiAuthException.class,
                () -> noTokens.listChats("b", "c", ChatType.LEAD, 1));

        assertThat(e.status()).isZero();
        assertThat(e.getMessage()).isEqualTo("no read token: set BOTBUDDY_BOT_TOKEN or use --bot-token-file");
        assertThat(requests()).isZero();
    }

    @Test
    void missingWriteTokenFailsWithoutSendingAnything() {
        HttpInboxClient noTokens = new HttpInboxClient(settings(), ApiCredentials.of(BOT_TOKEN, null));

        ApiAuthException e = catchThrowableOfType(ApiAuthException.class, () -> noTokens.updateLead(minimalUpdate()));

        assertThat(e.status()).isZero();
        assertThat(e.getMessage()).isEqualTo("no write token: set BOTBUDDY_BP_TOKEN or use --bp-token-file");
        assertThat(requests()).isZero();
    }

    // ------------------------------------------------------------------ errors not retried

    @Test
    void http401IsAnAuthFailureAfterExactlyOneRequestNamingHeaderAndEnvVar() {
        wm.stubFor(listing().willReturn(aResponse().withStatus(401).withBody("bad token " + BOT_TOKEN)));

        ApiAuthException e = catchThrowableOfType(ApiAuthException.class,
                () -> client.listChats("b", "c", ChatType.LEAD, 1));

        assertThat(e.status()).isEqualTo(401);
        assertThat(e.getMessage()).contains("x-bot-token", "BOTBUDDY_BOT_TOKEN", "--bot-token-file", "401")
                .doesNotContain(BOT_TOKEN).doesNotContain(BP_TOKEN);
        assertThat(requests()).isEqualTo(1);
    }

    @Test
    void http403OnUpdateIsAnAuthFailureAfterExactlyOneRequestNamingTheWriteToken() {
        wm.stubFor(put(urlPathEqualTo(LEAD)).willReturn(aResponse().withStatus(403).withBody(BP_TOKEN)));

        ApiAuthException e = catchThrowableOfType(ApiAuthException.class, () -> client.updateLead(minimalUpdate()));

        assertThat(e.status()).isEqualTo(403);
        assertThat(e.getMessage()).contains("x-bp-token", "BOTBUDDY_BP_TOKEN", "--bp-token-file")
                .doesNotContain(BP_TOKEN).doesNotContain(BOT_TOKEN);
        assertThat(requests()).isEqualTo(1);
    }

    @Test
    void http400IsRejectedWithTheBodyTextAfterExactlyOneRequest() {
        wm.stubFor(listing().willReturn(aResponse().withStatus(400).withBody("{\"error\":\"page must be a number\"}")));

        ApiRejectedException e = catchThrowableOfType(ApiRejectedException.class,
                () -> client.listChats("b", "c", ChatType.LEAD, 1));

        assertThat(e.status()).isEqualTo(400);
        assertThat(e.responseText()).isEqualTo("{\"error\":\"page must be a number\"}");
        assertThat(e.getMessage()).contains("400", "page must be a number");
        assertThat(requests()).isEqualTo(1);
    }

    @Test
    void http404IsRejectedNotRetried() {
        wm.stubFor(put(urlPathEqualTo(LEAD)).willReturn(aResponse().withStatus(404).withBody("no such lead")));

        ApiRejectedException e = catchThrowableOfType(ApiRejectedException.class,
                () -> client.updateLead(minimalUpdate()));

        assertThat(e.status()).isEqualTo(404);
        assertThat(requests()).isEqualTo(1);
    }

    @Test
    void successFalseInA200IsRejectedWithTheApiMessageNotRetried() {
        wm.stubFor(listing().willReturn(okJson("{\"success\":false,\"message\":\"bot not found\",\"code\":200}")));

        ApiRejectedException e = catchThrowableOfType(ApiRejectedException.class,
                () -> client.listChats("b", "c", ChatType.LEAD, 1));

        assertThat(e.status()).isEqualTo(200);
        assertThat(e.responseText()).isEqualTo("bot not found");
        assertThat(requests()).isEqualTo(1);
    }

    @Test
    void successFalseOnUpdateIsRejectedWithTheApiMessage() {
        wm.stubFor(put(urlPathEqualTo(LEAD)).willReturn(okJson("{\"success\":false,\"message\":\"uuid unknown\"}")));

        ApiRejectedException e = catchThrowableOfType(ApiRejectedException.class,
                () -> client.updateLead(minimalUpdate()));

        assertThat(e.responseText()).isEqualTo("uuid unknown");
        assertThat(requests()).isEqualTo(1);
    }

    // ------------------------------------------------------------------ retried failures

    @Test
    void http500ThenOkSucceedsAfterTwoRequests() {
        firstThen(listing(), aResponse().withStatus(500), listing(), okJson(EMPTY_LISTING));

        assertThat(client.listChats("b", "c", ChatType.LEAD, 1).success()).isTrue();
        assertThat(requests()).isEqualTo(2);
    }

    @Test
    void http503OnUpdateThenOkSucceedsAfterTwoRequests() {
        firstThen(put(urlPathEqualTo(LEAD)), aResponse().withStatus(503), put(urlPathEqualTo(LEAD)), okJson(OK_UPDATE));

        assertThat(client.updateLead(minimalUpdate()).success()).isTrue();
        wm.verify(2, putRequestedFor(urlPathEqualTo(LEAD)).withRequestBody(equalToJson("""
                {"uuid": "7e88d192-9b20-4035-9b68-d4ac3d58a34f", "botId": "bot1", "customerId": "cust1",
                 "status": "INPROGRESS"}
                """)));
    }

    @Test
    void http408IsRetried() {
        firstThen(listing(), aResponse().withStatus(408), listing(), okJson(EMPTY_LISTING));

        client.listChats("b", "c", ChatType.LEAD, 1);

        assertThat(requests()).isEqualTo(2);
    }

    @Test
    void http429RetryAfterSecondsIsHonoured() {
        firstThen(listing(), aResponse().withStatus(429).withHeader("Retry-After", "1"), listing(), okJson(EMPTY_LISTING));

        client.listChats("b", "c", ChatType.LEAD, 1);

        List<Long> times = requestTimesMillis();
        assertThat(times).hasSize(2);
        assertThat(times.get(1) - times.get(0)).isGreaterThanOrEqualTo(950);
    }

    @Test
    void retryAfterIsCappedAtRetryMaxDelay() {
        ClientSettings s = new ClientSettings(wm.baseUrl(), Duration.ofSeconds(2), Duration.ofSeconds(2), 2,
                Duration.ofMillis(10), Duration.ofMillis(100), 0, ClientSettings.DEFAULT_MAX_ANSWER_BYTES);
        HttpInboxClient capped = new HttpInboxClient(s, ApiCredentials.of(BOT_TOKEN, BP_TOKEN));
        firstThen(listing(), aResponse().withStatus(429).withHeader("Retry-After", "3600"), listing(),
                okJson(EMPTY_LISTING));

        long started = System.nanoTime();
        capped.listChats("b", "c", ChatType.LEAD, 1);

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
        assertThat(requests()).isEqualTo(2);
    }

    @Test
    void retriesExhaustedGiveUnavailableWithAttemptsAfterExactlyRetryAttemptsRequests() {
        wm.stubFor(listing().willReturn(aResponse().withStatus(503).withBody("maintenance for " + BOT_TOKEN)));

        ApiUnavailableException e = catchThrowableOfType(ApiUnavailableException.class,
                () -> client.listChats("b", "c", ChatType.LEAD, 3));

        assertThat(e.status()).isEqualTo(503);
        assertThat(e.getMessage()).startsWith("GET /inbox/direct/chats page 3 (lead) failed after 3 attempts: HTTP 503")
                .doesNotContain(BOT_TOKEN).doesNotContain(BP_TOKEN);
        assertThat(e.getCause()).isNotNull();
        assertThat(requests()).isEqualTo(3);
    }

    @Test
    void truncatedJsonBodyIsRetried() {
        firstThen(listing(), okJson("{\"success\": true, \"data\": [{\"_id\": \"a\", \"uuid\": \"u"),
                listing(), okJson(EMPTY_LISTING));

        assertThat(client.listChats("b", "c", ChatType.LEAD, 1).success()).isTrue();
        assertThat(requests()).isEqualTo(2);
    }

    @Test
    void nonJsonBodyIn200IsRetriedThenUnavailable() {
        wm.stubFor(listing().willReturn(aResponse().withStatus(200).withBody("<html>proxy error</html>")));

        ApiUnavailableException e = catchThrowableOfType(ApiUnavailableException.class,
                () -> client.listChats("b", "c", ChatType.LEAD, 1));

        assertThat(e.getMessage()).contains("unparsable JSON");
        assertThat(requests()).isEqualTo(3);
    }

    @Test
    void connectionResetIsRetried() {
        firstThen(listing(), aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER), listing(), okJson(EMPTY_LISTING));

        assertThat(client.listChats("b", "c", ChatType.LEAD, 1).success()).isTrue();
        assertThat(requests()).isEqualTo(2);
    }

    @Test
    void connectionDroppedMidAnswerIsRetried() {
        firstThen(listing(), aResponse().withFault(Fault.EMPTY_RESPONSE), listing(), okJson(EMPTY_LISTING));

        assertThat(client.listChats("b", "c", ChatType.LEAD, 1).success()).isTrue();
        assertThat(requests()).isEqualTo(2);
    }

    @Test
    void connectionResetOnUpdateIsRetriedByTheClient() {
        // PUT is not idempotent, so the JDK never re-sends it by itself: this retry is ours
        firstThen(put(urlPathEqualTo(LEAD)), aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER),
                put(urlPathEqualTo(LEAD)), okJson(OK_UPDATE));

        assertThat(client.updateLead(minimalUpdate()).success()).isTrue();
        assertThat(requests()).isEqualTo(2);
    }

    @Test
    void connectionResetEveryTimeGivesUnavailableWithStatusZeroAfterRetryAttemptsRequests() {
        wm.stubFor(put(urlPathEqualTo(LEAD)).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

        ApiUnavailableException e = catchThrowableOfType(ApiUnavailableException.class,
                () -> client.updateLead(minimalUpdate()));

        assertThat(e.status()).isZero();
        assertThat(e.getMessage()).contains("failed after 3 attempts", "I/O error");
        assertThat(requests()).isEqualTo(3);
    }

    @Test
    void connectionResetEveryTimeOnListingGivesUnavailable() {
        // The JDK itself re-sends a GET once when the connection dies before any answer byte (a stale
        // keep-alive connection looks like that), so the server may see up to 2 requests per attempt.
        wm.stubFor(listing().willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

        ApiUnavailableException e = catchThrowableOfType(ApiUnavailableException.class,
                () -> client.listChats("b", "c", ChatType.LEAD, 1));

        assertThat(e.status()).isZero();
        assertThat(e.getMessage()).contains("failed after 3 attempts", "I/O error");
        assertThat(requests()).isBetween(3, 6);
    }

    @Test
    void timeoutIsRetried() {
        HttpInboxClient fast = new HttpInboxClient(new ClientSettings(wm.baseUrl(), Duration.ofSeconds(2),
                Duration.ofMillis(200), 3, Duration.ofMillis(10), Duration.ofSeconds(1), 0, ClientSettings.DEFAULT_MAX_ANSWER_BYTES),
                ApiCredentials.of(BOT_TOKEN, BP_TOKEN));
        firstThen(listing(), okJson(EMPTY_LISTING).withFixedDelay(1000), listing(), okJson(EMPTY_LISTING));

        assertThat(fast.listChats("b", "c", ChatType.LEAD, 1).success()).isTrue();
        assertThat(requests()).isEqualTo(2);
    }

    @Test
    void bodyStillStreamingAfterReadTimeoutIsAbortedAndRetried() {
        HttpInboxClient fast = new HttpInboxClient(new ClientSettings(wm.baseUrl(), Duration.ofSeconds(2),
                Duration.ofMillis(300), 2, Duration.ofMillis(10), Duration.ofSeconds(1), 0, ClientSettings.DEFAULT_MAX_ANSWER_BYTES),
                ApiCredentials.of(BOT_TOKEN, BP_TOKEN));
        wm.stubFor(listing().willReturn(okJson(EMPTY_LISTING + " ".repeat(200)).withChunkedDribbleDelay(20, 1500)));

        long started = System.nanoTime();
        ApiUnavailableException e = catchThrowableOfType(ApiUnavailableException.class,
                () -> fast.listChats("b", "c", ChatType.LEAD, 1));

        assertThat(e.getMessage()).contains("failed after 2 attempts", "within 300 ms");
        assertThat(requests()).isEqualTo(2);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(1500));
    }

    // ------------------------------------------------------------------ secrets

    @Test
    void tokenNeverAppearsInAnyExceptionMessage() {
        List<Throwable> failures = new ArrayList<>();
        wm.stubFor(listing().willReturn(aResponse().withStatus(401).withBody("{\"token\":\"" + BOT_TOKEN + "\"}")));
        failures.add(catchThrowableOfType(ApiAuthException.class, () -> client.listChats("b", "c", ChatType.LEAD, 1)));

        wm.resetAll();
        wm.stubFor(listing().willReturn(aResponse().withStatus(400).withBody("bad header x-bot-token: " + BOT_TOKEN)));
        ApiRejectedException rejected = catchThrowableOfType(ApiRejectedException.class,
                () -> client.listChats("b", "c", ChatType.LEAD, 1));
        failures.add(rejected);
        assertThat(rejected.responseText()).contains("x-bot-token").doesNotContain(BOT_TOKEN);

        wm.resetAll();
        wm.stubFor(put(urlPathEqualTo(LEAD)).willReturn(aResponse().withStatus(400).withBody("echo " + BP_TOKEN)));
        failures.add(catchThrowableOfType(ApiRejectedException.class, () -> client.updateLead(minimalUpdate())));

        wm.resetAll();
        wm.stubFor(put(urlPathEqualTo(LEAD)).willReturn(okJson("{\"success\":false,\"message\":\"" + BP_TOKEN + "\"}")));
        failures.add(catchThrowableOfType(ApiRejectedException.class, () -> client.updateLead(minimalUpdate())));

        wm.resetAll();
        wm.stubFor(put(urlPathEqualTo(LEAD)).willReturn(aResponse().withStatus(502).withBody(BP_TOKEN + BOT_TOKEN)));
        failures.add(catchThrowableOfType(ApiUnavailableException.class, () -> client.updateLead(minimalUpdate())));

        wm.resetAll();
        wm.stubFor(listing().willReturn(aResponse().withStatus(200).withBody("{\"success\": " + BOT_TOKEN)));
        failures.add(catchThrowableOfType(ApiUnavailableException.class,
                () -> client.listChats("b", "c", ChatType.LEAD, 1)));

        assertThat(failures).hasSize(6).doesNotContainNull();
        for (Throwable failure : failures) {
            for (Throwable t = failure; t != null; t = t.getCause()) {
                assertThat(String.valueOf(t.getMessage())).as(t.getClass().getName())
                        .doesNotContain(BOT_TOKEN).doesNotContain(BP_TOKEN);
                assertThat(t.toString()).doesNotContain(BOT_TOKEN).doesNotContain(BP_TOKEN);
            }
        }
    }

    // ------------------------------------------------------------------ rate limit, concurrency, interrupts

    @Test
    void rateLimiterSpacesRequestsSharedAcrossThreads() throws Exception {
        wm.stubFor(listing().willReturn(okJson(EMPTY_LISTING)));
        HttpInboxClient limited = new HttpInboxClient(settings().withRequestsPerSecond(20),
                ApiCredentials.of(BOT_TOKEN, BP_TOKEN));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            long started = System.nanoTime();
            List<Future<ChatListing>> futures = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                int page = i + 1;
                futures.add(pool.submit(() -> limited.listChats("b", "c", ChatType.LEAD, page)));
            }
            for (Future<ChatListing> f : futures) {
                assertThat(f.get(10, TimeUnit.SECONDS).success()).isTrue();
            }
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(1000));
        } finally {
            pool.shutdownNow();
        }
        assertThat(requests()).isEqualTo(30);
    }

    @Test
    void concurrentCallsFromManyThreadsAllSucceed() throws Exception {
        wm.stubFor(listing().willReturn(okJson(EMPTY_LISTING)));
        wm.stubFor(put(urlPathEqualTo(LEAD)).willReturn(okJson(OK_UPDATE)));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                int page = i;
                futures.add(pool.submit(() -> page % 2 == 0
                        ? client.listChats("b", "c", ChatType.LEAD, page)
                        : client.updateLead(minimalUpdate())));
            }
            for (Future<?> f : futures) {
                assertThat(f.get(10, TimeUnit.SECONDS)).isNotNull();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(requests()).isEqualTo(40);
    }

    @Test
    void interruptDuringBackoffStopsPromptlyAndKeepsTheInterruptFlag() throws Exception {
        wm.stubFor(listing().willReturn(aResponse().withStatus(503)));
        HttpInboxClient slow = new HttpInboxClient(new ClientSettings(wm.baseUrl(), Duration.ofSeconds(2),
                Duration.ofSeconds(2), 5, Duration.ofSeconds(20), Duration.ofSeconds(30), 0, ClientSettings.DEFAULT_MAX_ANSWER_BYTES),
                ApiCredentials.of(BOT_TOKEN, BP_TOKEN));
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicBoolean flagAfter = new AtomicBoolean();
        Thread worker = new Thread(() -> {
            try {
                slow.listChats("b", "c", ChatType.LEAD, 1);
            } catch (Throwable t) {
                thrown.set(t);
            }
            flagAfter.set(Thread.currentThread().isInterrupted());
        });
        worker.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (requests() < 1 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        Thread.sleep(100); // now in the 10-30 s backoff
        long interruptedAt = System.nanoTime();
        worker.interrupt();
        worker.join(2000);

        assertThat(worker.isAlive()).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - interruptedAt)).isLessThan(Duration.ofSeconds(1));
        assertThat(thrown.get()).isInstanceOf(ApiInterruptedException.class);
        assertThat(flagAfter).isTrue();
        assertThat(requests()).isEqualTo(1);
    }

    @Test
    void refusedConnectionIsRetriedThenUnavailable() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        HttpInboxClient nowhere = new HttpInboxClient(settings().withBaseUrl("http://localhost:" + closedPort),
                ApiCredentials.of(BOT_TOKEN, BP_TOKEN));

        ApiUnavailableException e = catchThrowableOfType(ApiUnavailableException.class,
                () -> nowhere.updateLead(minimalUpdate()));

        assertThat(e.status()).isZero();
        assertThat(e.getMessage()).startsWith("PUT /inbox/direct/lead uuid 7e88d192-9b20-4035-9b68-d4ac3d58a34f "
                + "failed after 3 attempts: I/O error: ConnectException");
    }

    @Test
    void interruptWhileWaitingForTheAnswerStopsPromptly() throws Exception {
        wm.stubFor(listing().willReturn(okJson(EMPTY_LISTING).withFixedDelay(3000)));
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread worker = new Thread(() -> {
            try {
                client.listChats("b", "c", ChatType.LEAD, 1);
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        worker.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (requests() < 1 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        long interruptedAt = System.nanoTime();
        worker.interrupt();
        worker.join(2000);

        assertThat(worker.isAlive()).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - interruptedAt)).isLessThan(Duration.ofSeconds(1));
        assertThat(thrown.get()).isInstanceOf(ApiInterruptedException.class);
        assertThat(requests()).isEqualTo(1);
    }

    @Test
    void interruptedCallerSendsNothing() {
        wm.stubFor(listing().willReturn(okJson(EMPTY_LISTING)));
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> client.listChats("b", "c", ChatType.LEAD, 1))
                    .isInstanceOf(ApiInterruptedException.class);
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
            assertThat(requests()).isZero();
        } finally {
            Thread.interrupted();
        }
    }

    // ------------------------------------------------------------------ helpers

    static List<Long> requestTimesMillis() {
        return wm.getAllServeEvents().stream()
                .map(ServeEvent::getRequest)
                .map(r -> r.getLoggedDate().getTime())
                .sorted(Comparator.naturalOrder())
                .collect(Collectors.toList());
    }

    static List<String> queryParamNames(String url) {
        String query = URI.create(url).getRawQuery();
        return Arrays.stream(query.split("&")).map(p -> p.substring(0, p.indexOf('='))).toList();
    }
}
