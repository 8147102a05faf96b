using System.Buffers.Binary;
using ERaport.Web.Accounts;
using ERaport.Write.Accounts;
using Microsoft.AspNetCore.Cryptography.KeyDerivation;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace ERaport.Tests.Unit.Accounts;

/// <summary>The app's own password hashing (the integration tests lower its cost to run faster, so this is where it is checked).</summary>
public sealed class PasswordCostTests
{
    [Fact]
    public void passwords_are_stored_with_pbkdf2_hmac_sha512_and_210000_rounds()
    {
        using var services = new ServiceCollection().AddERaportAccounts().BuildServiceProvider();
        var hash = Convert.FromBase64String(services.GetRequiredService<IPasswordHasher<UserAccount>>().HashPassword(new UserAccount(), "pelangi senja"));

        // Identity's version 3 format: a marker byte, then the PRF, the round count and the salt length, big-endian.
        hash[0].ShouldBe((byte)0x01);
        ((KeyDerivationPrf)BinaryPrimitives.ReadUInt32BigEndian(hash.AsSpan(1))).ShouldBe(KeyDerivationPrf.HMACSHA512);
        BinaryPrimitives.ReadUInt32BigEndian(hash.AsSpan(5)).ShouldBe(210_000u);
    }
}
