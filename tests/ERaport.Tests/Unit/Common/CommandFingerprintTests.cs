using System.Collections;
using System.Reflection;
using System.Runtime.CompilerServices;
using ERaport.Write.Accounts;
using ERaport.Write.Common;
using ERaport.Write.Grading;

namespace ERaport.Tests.Unit.Common;

public class CommandFingerprintTests
{
    private static readonly Guid Gradebook = Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e");
    private static readonly Guid Student = Guid.Parse("7c9e6679-7425-40de-944b-e07fc1f90ae7");
    private static readonly Actor Teacher = new(Guid.Parse("16fd2706-8baf-433b-82eb-8c7fada847da"), "guru.mtk", "sch1");

    private static SaveScores Save(string value, Guid? commandId = null, Actor? by = null, EntrySource source = EntrySource.Api) =>
        new(commandId ?? Guid.NewGuid(), Gradebook, [new ScoreEntry(Student, "tp1", value, null)], null, by ?? Teacher, source);

    [Fact]
    public void a_command_sent_again_has_the_same_fingerprint_whoever_sends_it_through_whatever_under_whatever_id()
    {
        CommandFingerprint.Of(Save("80", by: Teacher, source: EntrySource.Form))
            .ShouldBe(CommandFingerprint.Of(Save("80", by: Teacher with { UserName = "lain" }, source: EntrySource.Api)));
    }

    [Fact]
    public void a_command_with_other_content_has_another_fingerprint()
    {
        var first = Save("80");

        CommandFingerprint.Of(first with { Scores = [new ScoreEntry(Student, "tp1", "85", null)] }).ShouldNotBe(CommandFingerprint.Of(first));
        CommandFingerprint.Of(first with { Scores = [new ScoreEntry(Student, "tp2", "80", null)] }).ShouldNotBe(CommandFingerprint.Of(first));
        CommandFingerprint.Of(first with { Reason = "Salah ketik" }).ShouldNotBe(CommandFingerprint.Of(first));
    }

    [Fact]
    public void what_the_server_makes_for_each_request_is_left_out_of_the_fingerprint()
    {
        var account = new RegisterUser(Guid.NewGuid(), Guid.NewGuid(), "bu.sari", "Sari", null, "hash-1", [], Teacher, EntrySource.Form, OneTimePassword: true);
        var list = new RegisterUsers(Guid.NewGuid(), null, [new NewUser(1, Guid.NewGuid(), "Sari", null, "bu.sari", "hash-1")], Teacher, EntrySource.Form);

        CommandFingerprint.Of(account with { UserId = Guid.NewGuid(), PasswordHash = "hash-2" }).ShouldBe(CommandFingerprint.Of(account));
        CommandFingerprint.Of(account with { UserName = "pak.budi" }).ShouldNotBe(CommandFingerprint.Of(account));
        CommandFingerprint.Of(list with { Users = [list.Users[0] with { UserId = Guid.NewGuid(), PasswordHash = "hash-2" }] })
            .ShouldBe(CommandFingerprint.Of(list));
        CommandFingerprint.Of(list with { Users = [list.Users[0] with { DisplayName = "Budi" }] }).ShouldNotBe(CommandFingerprint.Of(list));
    }

    [Fact]
    public void a_receipt_answers_the_same_command_only_and_one_stored_without_a_fingerprint_answers_as_before()
    {
        var receipt = new CommandReceipt { StreamKey = "sch1/gradebook/1", Fingerprint = "a" };

        receipt.Answers("sch1/gradebook/1", "a").ShouldBeTrue();
        receipt.Answers("sch1/gradebook/1", "b").ShouldBeFalse();
        receipt.Answers("sch1/gradebook/2", "a").ShouldBeFalse();
        new CommandReceipt { StreamKey = "sch1/gradebook/1" }.Answers("sch1/gradebook/1", "b").ShouldBeTrue();
    }

    /// <summary>Every message the write side handles (and every record there with a command id) is an <see cref="ICommand"/>,
    /// so the pipeline keeps its fingerprint, and can be fingerprinted.</summary>
    [Fact]
    public void every_command_handled_by_the_write_side_is_fingerprinted()
    {
        var handled = WriteTypes.SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Static))
            .Where(m => m.Name is "Handle" or "HandleAsync" && m.GetParameters().Length > 0)
            .Select(m => m.GetParameters()[0].ParameterType);
        var withCommandId = WriteTypes.Where(t => !t.IsInterface && t.GetProperty(nameof(ICommand.CommandId))?.PropertyType == typeof(Guid));
        var commands = handled.Where(t => t.GetProperty(nameof(ICommand.CommandId)) is not null).Concat(withCommandId).Distinct().ToList();

        commands.Count.ShouldBeGreaterThan(40);
        commands.Where(t => !typeof(ICommand).IsAssignableFrom(t)).Select(t => t.Name).ShouldBeEmpty();
        foreach (var command in commands)
            CommandFingerprint.Of((ICommand)RuntimeHelpers.GetUninitializedObject(command)).ShouldNotBeNullOrEmpty();
    }

    /// <summary>A property whose name says the server made it (a password hash, a digest) must be marked <see cref="ServerMadeAttribute"/>:
    /// otherwise every resend of the request would be refused as another command.</summary>
    [Fact]
    public void every_property_that_looks_server_made_is_left_out_of_the_fingerprint()
    {
        string[] looksServerMade = ["Hash", "Password", "Digest", "Generated", "Salt"];
        var commands = WriteTypes.Where(t => typeof(ICommand).IsAssignableFrom(t) && !t.IsInterface);

        var unmarked = commands.SelectMany(c => ClientContent(c, c.Name, []))
            .Where(p => looksServerMade.Any(word => p.Property.Name.Contains(word, StringComparison.Ordinal)))
            .Select(p => p.Path).ToList();

        unmarked.ShouldBeEmpty();
    }

    private static readonly Type[] WriteTypes = typeof(ICommand).Assembly.GetTypes();

    /// <summary>The properties the fingerprint covers, nested records and list items included.</summary>
    private static IEnumerable<(PropertyInfo Property, string Path)> ClientContent(Type type, string path, HashSet<Type> seen)
    {
        if (!seen.Add(type))
            yield break;
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length > 0 || !CommandFingerprint.IsClientContent(type, property.Name, property))
                continue;
            var here = $"{path}.{property.Name}";
            yield return (property, here);
            if (Inner(property.PropertyType) is { } inner)
                foreach (var nested in ClientContent(inner, here, seen))
                    yield return nested;
        }
    }

    /// <summary>The project's own type a property holds, directly or as list items.</summary>
    private static Type? Inner(Type type)
    {
        var item = type != typeof(string) && typeof(IEnumerable).IsAssignableFrom(type)
            ? type.GetInterfaces().Append(type).FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))?.GetGenericArguments()[0]
            : Nullable.GetUnderlyingType(type) ?? type;
        return item?.Assembly == typeof(ICommand).Assembly && !item.IsEnum ? item : null;
    }
}
