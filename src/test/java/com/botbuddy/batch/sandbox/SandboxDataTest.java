package com.botbuddy.batch.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.botbuddy.batch.client.Chat;
import com.botbuddy.batch.client.ChatType;
import com.botbuddy.batch.client.LeadStatus;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber;

class SandboxDataTest {
    static final Instant NOW = Instant.parse("2026-03-01T00:00:00Z");
    static final Pattern OBJECT_ID = Pattern.compile("[0-9a-f]{24}");
    static final Pattern ISO = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z");
    static final Set<String> COUNTRY_PREFIXES = Set.of("1", "44", "91", "49", "33", "61", "971");

    static SandboxData data(int chats) {
        return new SandboxData(SandboxSettings.forTests().withNow(NOW).withChats(chats));
    }

    @Test
    void sameSeedGivesTheSameChatsAndAnotherSeedDifferentOnes() {
        SandboxData a = data(300);
        SandboxData b = data(300);
        SandboxData c = new SandboxData(SandboxSettings.forTests().withNow(NOW).withChats(300).withSeed(7));
        assertThat(a.chats().toList()).isEqualTo(b.chats().toList());
        assertThat(a.leadIndices()).isEqualTo(b.leadIndices());
        assertThat(a.chat(5)).isNotEqualTo(c.chat(5));
    }

    @Test
    void chatIDependsOnlyOnSeedAndIndexNotOnTheSandboxSize() {
        SandboxData small = data(100);
        SandboxData large = data(5000);
        for (int i = 0; i < 100; i++) {
            assertThat(large.chat(i)).isEqualTo(small.chat(i));
        }
    }

    @ParameterizedTest
    @ValueSource(doubles = { 0.1, 0.35, 0.6, 0.9 })
    void leadShareIsWithinATenthOfTheSetting(double share) {
        SandboxData data = new SandboxData(SandboxSettings.forTests().withNow(NOW).withLeadShare(share));
        double actual = (double) data.leadCount() / data.size();
        assertThat(actual).isBetween(share - 0.1, share + 0.1);
        assertThat(data.leadCount() + data.nonLeadCount()).isEqualTo(data.size());
    }

    @Test
    void leadShareZeroAndOneGiveOnlyOneKind() {
        assertThat(new SandboxData(SandboxSettings.forTests().withNow(NOW).withLeadShare(0)).leadCount()).isZero();
        assertThat(new SandboxData(SandboxSettings.forTests().withNow(NOW).withLeadShare(1)).nonLeadCount()).isZero();
    }

    @ParameterizedTest
    @ValueSource(ints = { 30, 2000 })
    void leadsCoverAllSixStatusesAndSomeHaveNoContactAtAll(int chats) {
        SandboxData data = data(chats);
        Set<LeadStatus> statuses = EnumSet.noneOf(LeadStatus.class);
        int noContact = 0;
        for (int i : data.leadIndices()) {
            Chat chat = data.chat(i);
            statuses.add(LeadStatus.valueOf(chat.status()));
            if (chat.contact().email() == null && chat.phone().number() == null) {
                noContact++;
            }
        }
        assertThat(statuses).containsExactlyInAnyOrder(LeadStatus.values());
        assertThat(noContact).isGreaterThanOrEqualTo(2);
    }

    @Test
    void statusSharesArePlausibleWithManyOpenAndFewerClosed() {
        SandboxData data = data(5000);
        var counts = data.chats(ChatType.LEAD).collect(Collectors.groupingBy(Chat::status, Collectors.counting()));
        assertThat(counts.get("OPEN")).isGreaterThan(counts.get("CLOSED"));
        assertThat(counts.get("OPEN")).isGreaterThan(counts.get("DEPENDANCY"));
    }

    @Test
    void contactFieldsAreAlwaysValidWhenPresent() {
        PhoneNumberUtil phones = PhoneNumberUtil.getInstance();
        SandboxData data = data(3000);
        int emails = 0;
        int numbers = 0;
        for (int i = 0; i < data.size(); i++) {
            Chat chat = data.chat(i);
            String email = chat.contact().email();
            if (email != null) {
                emails++;
                assertThat(email).matches(SandboxData.EMAIL);
            }
            Chat.Phone phone = chat.phone();
            if (phone.number() != null) {
                numbers++;
                assertThat(phone.number()).matches("[0-9]{6,14}");
                assertThat(phone.prefix()).isIn(COUNTRY_PREFIXES);
                Phonenumber.PhoneNumber parsed = new Phonenumber.PhoneNumber()
                        .setCountryCode(Integer.parseInt(phone.prefix()))
                        .setNationalNumber(Long.parseLong(phone.number()));
                assertThat(phones.isValidNumber(parsed)).as("+%s %s", phone.prefix(), phone.number()).isTrue();
            }
        }
        assertThat(emails).isGreaterThan(500);
        assertThat(numbers).isGreaterThan(500);
    }

    @Test
    void idsAreWellFormedAndUnique() {
        SandboxData data = data(5000);
        Set<String> ids = new HashSet<>();
        Set<String> uuids = new HashSet<>();
        for (int i = 0; i < data.size(); i++) {
            Chat chat = data.chat(i);
            assertThat(chat.id()).matches(OBJECT_ID);
            assertThat(UUID.fromString(chat.uuid()).toString()).isEqualTo(chat.uuid());
            assertThat(UUID.fromString(chat.uuid()).version()).isEqualTo(4);
            assertThat(ids.add(chat.id())).isTrue();
            assertThat(uuids.add(chat.uuid())).isTrue();
            assertThat(data.indexOfUuid(chat.uuid())).isEqualTo(i);
            assertThat(data.uuid(i)).isEqualTo(chat.uuid());
        }
    }

    @Test
    void unknownUuidsAreNotFound() {
        SandboxData data = data(100);
        assertThat(data.indexOfUuid("7e88d192-9b20-4035-9b68-d4ac3d58a34f")).isEqualTo(-1);
        assertThat(data.indexOfUuid("not-a-uuid")).isEqualTo(-1);
        assertThat(data.indexOfUuid(null)).isEqualTo(-1);
        String other = new SandboxData(SandboxSettings.forTests().withNow(NOW).withChats(100).withSeed(1)).uuid(3);
        assertThat(data.indexOfUuid(other)).isEqualTo(-1);
        String beyond = data(1000).uuid(500);
        assertThat(data.indexOfUuid(beyond)).isEqualTo(-1);
    }

    @Test
    void datesAreIsoUtcWithMillisWithinTheNinetyDaysBeforeNowAndOrdered() {
        SandboxData data = data(2000);
        Instant earliest = NOW.minus(Duration.ofDays(90));
        for (int i = 0; i < data.size(); i++) {
            Chat chat = data.chat(i);
            for (String t : List.of(chat.createdAt(), chat.updatedAt(), chat.lastSeenAt(), chat.lastMessage().at())) {
                assertThat(t).matches(ISO);
            }
            Instant created = Instant.parse(chat.createdAt());
            Instant updated = Instant.parse(chat.updatedAt());
            assertThat(created).isAfterOrEqualTo(earliest).isBefore(NOW);
            assertThat(updated).isAfterOrEqualTo(created).isBeforeOrEqualTo(NOW);
            assertThat(Instant.parse(chat.lastSeenAt())).isAfterOrEqualTo(created);
            assertThat(Instant.parse(chat.lastMessage().at())).isAfterOrEqualTo(created);
            assertThat(chat.lastMessage().by()).isIn("bot", "user", "agent");
            assertThat(chat.websiteVisits()).isPositive();
            assertThat(chat.isOnline()).isNotNull();
        }
    }

    @Test
    void otherFieldsHaveRealisticShapes() {
        SandboxData data = data(2000);
        Set<String> genders = new HashSet<>();
        int unassigned = 0;
        int noProfile = 0;
        int pictures = 0;
        for (int i = 0; i < data.size(); i++) {
            Chat chat = data.chat(i);
            if (chat.agentAssigned() == null) {
                unassigned++;
            } else {
                assertThat(chat.agentAssigned()).isIn(ChatGenerator.AGENTS);
            }
            if (chat.profile() == null) {
                noProfile++;
            }
            genders.add(String.valueOf(chat.userDetails().gender()));
            if (chat.userDetails().picture() != null) {
                pictures++;
                assertThat(chat.userDetails().picture()).startsWith("https://");
            }
            for (Chat.Note note : chat.notes()) {
                assertThat(note.id()).matches(OBJECT_ID);
            }
        }
        assertThat(genders).contains("MALE", "FEMALE", "null");
        assertThat(unassigned).isPositive();
        assertThat(noProfile).isPositive();
        assertThat(pictures).isPositive();
    }

    @Test
    void hostileTextAppearsInEveryFreeTextFieldButNeverInContactFields() {
        SandboxData data = data(200);
        List<String> names = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        List<String> tags = new ArrayList<>();
        List<String> attributes = new ArrayList<>();
        List<String> cities = new ArrayList<>();
        List<String> messages = new ArrayList<>();
        for (int i = 0; i < data.size(); i++) {
            Chat chat = data.chat(i);
            Chat.UserDetails d = chat.userDetails();
            names.add(d.name());
            chat.notes().forEach(n -> notes.add(n.description()));
            if (d.tags() != null) {
                tags.addAll(d.tags());
            }
            if (d.attributes() != null) {
                d.attributes().forEach(a -> attributes.add(a.value()));
            }
            cities.add(d.city());
            messages.add(chat.lastMessage().text());
            assertThat(ChatGenerator.HOSTILE).doesNotContain(chat.contact().email(), chat.phone().number(),
                    chat.phone().prefix(), d.country(), d.gender(), d.picture());
        }
        for (List<String> field : List.of(names, notes, tags, attributes, cities, messages)) {
            assertThat(field).containsAll(ChatGenerator.HOSTILE);
        }
        assertThat(ChatGenerator.HOSTILE).contains("=HYPERLINK(\"http://x\",\"y\")", "+1+2", "-cmd", "@SUM(A1)",
                "line one\nline two", "tab\tseparated", "<script>alert('x')</script>", "../../etc/passwd");
    }

    @Test
    void exactlyOneChatHasTheFortyThousandCharacterNoteAndItIsALead() {
        SandboxData data = data(2000);
        assertThat(data.isLead(ChatGenerator.LONG_NOTE_INDEX)).isTrue();
        List<Integer> withLongNote = new ArrayList<>();
        for (int i = 0; i < data.size(); i++) {
            for (Chat.Note note : data.chat(i).notes()) {
                if (note.description() != null && note.description().length() > 1000) {
                    withLongNote.add(i);
                    assertThat(note.description()).hasSize(ChatGenerator.LONG_NOTE_LENGTH);
                    assertThat(note.title()).isEqualTo(ChatGenerator.LONG_NOTE_TITLE);
                }
            }
        }
        assertThat(withLongNote).containsExactly(ChatGenerator.LONG_NOTE_INDEX);
    }

    @Test
    void aMillionChatsAreIndexedAndAnyChatIsGeneratedDirectly() {
        SandboxData data = new SandboxData(SandboxSettings.forTests().withNow(NOW).withChats(1_000_000));
        assertThat(data.leadCount() + data.nonLeadCount()).isEqualTo(1_000_000);
        Chat last = data.chat(999_999);
        assertThat(data.indexOfUuid(last.uuid())).isEqualTo(999_999);
        assertThat(last).isEqualTo(data(1_000_000 - 1 + 1).chat(999_999));
    }

    @Test
    void settingsRejectImpossibleValues() {
        SandboxSettings s = SandboxSettings.forTests();
        assertThatThrownBy(() -> s.withChats(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> s.withLeadShare(1.5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> s.withPageSize(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> s.withFaultRate(-0.1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> s.withPort(70000)).isInstanceOf(IllegalArgumentException.class);
        assertThat(s.toString()).doesNotContain(s.botToken(), s.bpToken());
    }

    @Test
    void defaultAnchorIsTheStartOfTheCurrentUtcDay() {
        Instant now = SandboxSettings.defaults().now();
        assertThat(now.getEpochSecond() % 86_400).isZero();
        assertThat(Duration.between(now, Instant.now())).isLessThanOrEqualTo(Duration.ofDays(1));
    }
}
