package com.botbuddy.batch.importer;

import static com.botbuddy.batch.importer.ImportTestSupport.uuid;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import com.botbuddy.batch.client.LeadUpdate;

class RowValidatorTest {

    private static final List<String> HEADER = List.of("uuid", "status", "name", "email", "phone", "dial_code",
            "agent_id", "picture", "tags", "notes", "attributes", "attr:plan", "bot_id", "customer_id");

    private static ValidatedRow validate(String... cells) {
        return validateWith("B", "C", cells);
    }

    private static ValidatedRow validateWith(String bot, String customer, String... cells) {
        List<String> row = new java.util.ArrayList<>(Arrays.asList(cells));
        while (row.size() < HEADER.size()) {
            row.add("");
        }
        return new RowValidator(ImportColumns.of(HEADER, 1), bot, customer).validate(new SheetRow(7, row));
    }

    private static LeadUpdate body(String... cells) {
        ValidatedRow row = validate(cells);
        assertThat(row.reason()).isNull();
        return row.body();
    }

    @Test
    void blankCellsAreNotSentAndIdsComeFromTheOptions() {
        LeadUpdate body = body(uuid(1));
        assertThat(body).isEqualTo(new LeadUpdate(uuid(1), "B", "C", null, null, null, null, null, null, null, null, null, null));
    }

    @Test
    void clearMarkerSendsEmptyValuesAndLists() {
        String c = RowValidator.CLEAR;
        LeadUpdate body = body(uuid(1), "", c, c, c, c, c, c, c, c, c);
        assertThat(body.name()).isEmpty();
        assertThat(body.email()).isEmpty();
        assertThat(body.phone()).isEmpty();
        assertThat(body.dialCode()).isEmpty();
        assertThat(body.agentId()).isEmpty();
        assertThat(body.picture()).isEmpty();
        assertThat(body.tags()).isEmpty();
        assertThat(body.notes()).isEmpty();
        assertThat(body.attributes()).isEmpty();
        assertThat(body(uuid(1), "", " (CLEAR) ").name()).isEmpty();
    }

    @Test
    void statusCannotBeCleared() {
        assertThat(validate(uuid(1), "(clear)").reason()).contains("status cannot be cleared");
    }

    @Test
    void uuidIsRequired() {
        assertThat(validate("", "open").reason()).contains("uuid is missing");
    }

    @ParameterizedTest
    @ValueSource(strings = { "abc", "00000000-0000-4000-8000-00000000000", "00000000-0000-4000-8000-00000000000g",
            "{00000000-0000-4000-8000-000000000001}" })
    void malformedUuidIsRejected(String uuid) {
        ValidatedRow row = validate(uuid);
        assertThat(row.valid()).isFalse();
        assertThat(row.reason()).contains("is not a UUID");
        assertThat(row.uuid()).isNull();
    }

    @Test
    void uppercaseUuidIsSentLowercase() {
        assertThat(body(uuid(1).toUpperCase().replace('0', '0')).uuid()).isEqualTo(uuid(1));
    }

    @ParameterizedTest
    @CsvSource({ "open,OPEN", "In progress,INPROGRESS", "in-progress,INPROGRESS", "IN_PROGRESS,INPROGRESS",
            "on hold,ONHOLD", "On-Hold,ONHOLD", "Dependency,DEPENDANCY", "DEPENDANCY,DEPENDANCY", "review,REVIEW",
            "Closed,CLOSED" })
    void statusSpellingsAreSentInTheApiSpelling(String typed, String sent) {
        assertThat(body(uuid(1), typed).status()).isEqualTo(sent);
    }

    @Test
    void unknownStatusIsRejectedNamingTheAllowedValues() {
        assertThat(validate(uuid(1), "pending").reason())
                .contains("status 'pending' is not allowed")
                .contains("OPEN, INPROGRESS, REVIEW, ONHOLD, DEPENDANCY, CLOSED");
    }

    @ParameterizedTest
    @ValueSource(strings = { "plain", "a@b", "a b@c.io", "a@@b.io", "@b.io" })
    void malformedEmailIsRejected(String email) {
        assertThat(validate(uuid(1), "", "", email).reason()).contains("is not an email address");
    }

    @Test
    void wellFormedEmailIsSent() {
        assertThat(body(uuid(1), "", "", "asha.k+x@mail.example.co.in").email()).isEqualTo("asha.k+x@mail.example.co.in");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "98765 43210||9876543210|",
            "(987) 654-3210|91|9876543210|+91",
            "9876543210|+91|9876543210|+91",
            "9876543210|'+91|9876543210|+91",
            "+91 98765 43210||9876543210|+91",
            "+1 (202) 555-0143||2025550143|+1",
            "0044 20 7946 0958||2079460958|+44",
            "+44 20 7946 0958|+44|2079460958|+44" })
    void phoneIsDigitsWithTheDialCodeSplitOff(String phone, String dial, String sentPhone, String sentDial) {
        String dialCell = dial == null ? "" : com.botbuddy.batch.report.FormulaGuard.unguard(dial);
        LeadUpdate body = body(uuid(1), "", "", "", phone, dialCell);
        assertThat(body.phone()).isEqualTo(sentPhone);
        assertThat(body.dialCode()).isEqualTo(sentDial);
    }

    @Test
    void phoneWithLettersIsRejected() {
        assertThat(validate(uuid(1), "", "", "", "call me").reason()).contains("phone 'call me' must be 3 to 17 digits");
    }

    @Test
    void phoneInScientificNotationIsRejectedWithAHint() {
        assertThat(validate(uuid(1), "", "", "", "9.87654E+09").reason()).contains("scientific notation")
                .contains("Text");
    }

    @Test
    void phoneCountryCodeDisagreeingWithDialCodeIsRejected() {
        assertThat(validate(uuid(1), "", "", "", "+44 20 7946 0958", "+91").reason()).contains("make them agree");
    }

    @Test
    void malformedDialCodeIsRejected() {
        assertThat(validate(uuid(1), "", "", "", "", "India").reason()).contains("dial_code 'India'");
    }

    @ParameterizedTest
    @ValueSource(strings = { "ftp://x.io/a.png", "www.example.com/a.png", "javascript:alert(1)", "https://" })
    void pictureMustBeAnHttpUrl(String picture) {
        assertThat(validate(uuid(1), "", "", "", "", "", "", picture).reason()).contains("is not an http(s) URL");
    }

    @Test
    void listsAreDecodedWithTheExportEncoding() {
        LeadUpdate body = body(uuid(1), "", "", "", "", "", "", "https://cdn.example.com/p.png", "[\"vip\",\"call back\"]",
                "[{\"title\":\"t\",\"description\":\"d\"}]", "[{\"key\":\"ID\",\"value\":\"BP001\"}]");
        assertThat(body.picture()).isEqualTo("https://cdn.example.com/p.png");
        assertThat(body.tags()).containsExactly("vip", "call back");
        assertThat(body.notes()).containsExactly(new LeadUpdate.NoteInput("t", "d"));
        assertThat(body.attributes()).extracting(a -> a.key() + "=" + a.value()).containsExactly("ID=BP001");
    }

    @Test
    void malformedListIsRejectedWithAnExample() {
        assertThat(validate(uuid(1), "", "", "", "", "", "", "", "", "not json").reason())
                .contains("notes must be a JSON array like");
    }

    @Test
    void attrColumnsMergeIntoTheAttributes() {
        LeadUpdate body = body(uuid(1), "", "", "", "", "", "", "", "", "",
                "[{\"key\":\"ID\",\"value\":\"BP001\"},{\"key\":\"plan\",\"value\":\"silver\"}]", "gold");
        assertThat(body.attributes()).extracting(a -> a.key() + "=" + a.value()).containsExactly("ID=BP001", "plan=gold");
        LeadUpdate removed = body(uuid(1), "", "", "", "", "", "", "", "", "",
                "[{\"key\":\"ID\",\"value\":\"BP001\"},{\"key\":\"plan\",\"value\":\"silver\"}]", "(clear)");
        assertThat(removed.attributes()).extracting(a -> a.key()).containsExactly("ID");
        assertThat(body(uuid(1)).attributes()).isNull();
    }

    @Test
    void attrCellsWithABlankAttributesCellAreRejectedRatherThanEraseTheChatsOtherAttributes() {
        ValidatedRow set = validate(uuid(1), "", "", "", "", "", "", "", "", "", "", "gold");
        assertThat(set.body()).isNull();
        assertThat(set.reason()).contains("attr:plan with a blank attributes cell would replace the chat's whole attribute list")
                .contains("or [] to keep only these");
        assertThat(validate(uuid(1), "", "", "", "", "", "", "", "", "", "", "(clear)").body()).isNull();
        LeadUpdate onlyThese = body(uuid(1), "", "", "", "", "", "", "", "", "", "[]", "gold");
        assertThat(onlyThese.attributes()).extracting(a -> a.key() + "=" + a.value()).containsExactly("plan=gold");
    }

    @Test
    void rowBotIdDifferingFromTheOptionIsRejected() {
        String[] cells = { uuid(1), "", "", "", "", "", "", "", "", "", "", "", "other-bot", "C" };
        assertThat(validate(cells).reason()).contains("botId 'other-bot' differs from --bot-id B");
        String[] same = { uuid(1), "", "", "", "", "", "", "", "", "", "", "", "B", "C" };
        assertThat(validate(same).valid()).isTrue();
    }

    @Test
    void rowIdsAreUsedWhenNoOptionIsGiven() {
        String[] cells = { uuid(1), "", "", "", "", "", "", "", "", "", "", "", "B2", "C2" };
        LeadUpdate body = validateWith("", "", cells).body();
        assertThat(body.botId()).isEqualTo("B2");
        assertThat(body.customerId()).isEqualTo("C2");
        assertThat(validateWith("", "", uuid(1)).reason()).contains("botId is missing").contains("customerId is missing");
    }

    @Test
    void everyProblemOfTheRowIsNamed() {
        ValidatedRow row = validate(uuid(1), "nope", "", "bad", "x");
        assertThat(row.reason()).contains("status 'nope'").contains("email 'bad'").contains("phone 'x'");
        assertThat(row.uuid()).as("a rejected row still claims its uuid for duplicate detection").isEqualTo(uuid(1));
    }

    @Test
    void tooLongCellRejectsTheRow() {
        ValidatedRow row = new RowValidator(ImportColumns.of(HEADER, 1), "B", "C")
                .validate(new SheetRow(3, List.of(uuid(1)), "cell too long: column C has 10485760 characters"));
        assertThat(row.valid()).isFalse();
        assertThat(row.reason()).startsWith("cell too long");
    }
}
