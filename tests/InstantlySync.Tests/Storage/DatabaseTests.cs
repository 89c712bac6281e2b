using InstantlySync.Storage;
using Npgsql;

namespace InstantlySync.Tests.Storage;

public sealed class DatabaseTests
{
    private static int MaxAutoPrepare(string connectionString)
    {
        using var dataSource = Database.Create(connectionString);
        return new NpgsqlConnectionStringBuilder(dataSource.ConnectionString).MaxAutoPrepare;
    }

    [Fact]
    public void Statements_are_prepared_automatically_unless_the_connection_string_says_otherwise()
    {
        Assert.Equal(32, MaxAutoPrepare("Host=127.0.0.1;Database=x;Username=u"));
        Assert.Equal(0, MaxAutoPrepare("Host=127.0.0.1;Database=x;Username=u;Max Auto Prepare=0"));
        Assert.Equal(5, MaxAutoPrepare("Host=127.0.0.1;Database=x;Username=u;maxautoprepare=5"));
    }
}
