import Testing
import UserExercise

/// The `profile` column's text format: every profile reads back as it was written.
@Suite struct UserSchemaTests {
    @Test(arguments: [
        [:],
        ["plan": "free"],
        ["plan": "pro", "locale": "de-DE", "bio": ""],
        ["": "empty key", "a=b": "c=d", "path": "C:\\temp", "bio": "line one\nline two"],
        ["emoji": "🚀 ünïcode", "spaces": "  padded  "],
    ] as [[String: String]])
    func profilesRoundTrip(_ profile: [String: String]) {
        #expect(UserSchema.decodeProfile(UserSchema.encodeProfile(profile)) == profile)
    }

    @Test func equalProfilesStoreEqualText() {
        let forwards = UserSchema.encodeProfile(["b": "2", "a": "1", "c": "3"])
        #expect(forwards == "a=1\nb=2\nc=3")
        #expect(UserSchema.encodeProfile(["c": "3", "a": "1", "b": "2"]) == forwards)
    }

    @Test func aLineWithoutEqualsSignIsSkipped() {
        #expect(UserSchema.decodeProfile("a=1\nnonsense\nb=2") == ["a": "1", "b": "2"])
    }
}
