using InstantlySync.Configuration;
using Npgsql;

namespace InstantlySync.Tests.Configuration;

public sealed class DatabaseUrlTests
{
    private static NpgsqlConnectionStringBuilder Parse(string value)
    {
        Assert.True(DatabaseUrl.TryParse(value, out var connectionString, out var error), error);
        return new NpgsqlConnectionStringBuilder(connectionString);
    }

    [Fact]
    public void A_supabase_style_url_yields_user_password_host_port_database_and_sslmode()
    {
        var builder = Parse("postgres://postgres.abcd:p%40ss%3Aw%2Frd%23!@aws-0-eu-central-1.pooler.supabase.com:6543/postgres?sslmode=require&pgbouncer=true");

        Assert.Equal("postgres.abcd", builder.Username);
        Assert.Equal("p@ss:w/rd#!", builder.Password);
        Assert.Equal("aws-0-eu-central-1.pooler.supabase.com", builder.Host);
        Assert.Equal(6543, builder.Port);
        Assert.Equal("postgres", builder.Database);
        Assert.Equal(SslMode.Require, builder.SslMode);
    }

    [Fact]
    public void A_url_without_a_port_uses_5432_and_the_postgresql_scheme_is_accepted()
    {
        var builder = Parse("postgresql://app:secret@db.internal/analytics");

        Assert.Equal(5432, builder.Port);
        Assert.Equal("analytics", builder.Database);
    }

    [Fact]
    public void An_npgsql_connection_string_is_accepted_as_it_is()
    {
        var builder = Parse("Host=localhost;Port=5544;Database=sync;Username=u;Password=p w");

        Assert.Equal("localhost", builder.Host);
        Assert.Equal(5544, builder.Port);
        Assert.Equal("p w", builder.Password);
    }

    [Theory]
    [InlineData("postgres://user:Sup3rS3cret@/nodb")]
    [InlineData("postgres://user:Sup3rS3cret@host:5432/")]
    [InlineData("mysql://user:Sup3rS3cret@host:3306/db")]
    [InlineData("postgres://user:Sup3rS3cret@host/db?sslmode=sometimes")]
    [InlineData("Sup3rS3cret=;;garbage")]
    public void A_malformed_value_is_refused_without_repeating_the_password(string value)
    {
        Assert.False(DatabaseUrl.TryParse(value, out _, out var error));
        Assert.StartsWith("DATABASE_URL", error, StringComparison.Ordinal);
        Assert.DoesNotContain("Sup3rS3cret", error, StringComparison.Ordinal);
    }
}
