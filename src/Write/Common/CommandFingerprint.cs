using System.Reflection;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace ERaport.Write.Common;

/// <summary>A command sent to the write side: the id its client made (sending it again gives the first answer),
/// who sends it and through what.</summary>
public interface ICommand
{
    Guid CommandId { get; }
    Actor By { get; }
    EntrySource Source { get; }
}

/// <summary>A property of a command that the server makes afresh for every request (a new id, the hash of a new
/// password), so two sends of one request differ in it: it is left out of the command's
/// <see cref="CommandFingerprint"/>. Mark every such property, or a resent request is refused as another command. A hash of a
/// secret the client typed (a new password) is server made but stands for what was sent: whoever sends the command must check a
/// repeated answer against what the first stored (AccountCommands.ResentChange in the web layer, which alone sees the password).</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class ServerMadeAttribute : Attribute;

/// <summary>What the client sent in a command, as a hash: its receipt keeps it, so that a command id sent again with
/// other content is refused (<c>command.id_reused</c>) rather than answered with the first command's outcome.
/// Left out: the command id itself, who sends it and through what (<see cref="ICommand"/>) and
/// <see cref="ServerMadeAttribute"/> properties.</summary>
public static class CommandFingerprint
{
    public static string Of(ICommand command) =>
        Convert.ToBase64String(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(command, command.GetType(), Options)));

    /// <summary>Whether <paramref name="property"/> of <paramref name="type"/> is part of what the client sent.</summary>
    public static bool IsClientContent(Type type, string property, ICustomAttributeProvider? attributes) =>
        !(typeof(ICommand).IsAssignableFrom(type) && property is nameof(ICommand.CommandId) or nameof(ICommand.By) or nameof(ICommand.Source))
        && attributes?.IsDefined(typeof(ServerMadeAttribute), true) != true;

    // Fixed: default names and order (declaration order), numbers as numbers, no indentation.
    private static readonly JsonSerializerOptions Options = new()
    {
        TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { LeaveOutServerContent } },
    };

    private static void LeaveOutServerContent(JsonTypeInfo info)
    {
        if (info.Kind != JsonTypeInfoKind.Object)
            return;
        foreach (var property in info.Properties.Where(p => !IsClientContent(info.Type, p.Name, p.AttributeProvider)).ToList())
            info.Properties.Remove(property);
    }
}
