using Microsoft.Data.Sqlite;

namespace DatabaseTraining;

/// <summary>
/// Creates the example's SQLite database: a card-transactions table with last month's history (a few
/// rows confirmed as fraud by analysts) and today's new, unreviewed rows; an alerts table for the model's
/// output; and, only because this is a simulation, a table of which rows really are fraud.
/// </summary>
public static class TransactionDatabase
{
    public const int HistoryRows = 6000;
    public const int NewRows = 2000;

    public static void Create(string connectionString, int seed)
    {
        using var connection = new SqliteConnection(connectionString);
        connection.Open();
        Execute(connection, """
            DROP TABLE IF EXISTS transactions;
            DROP TABLE IF EXISTS alerts;
            DROP TABLE IF EXISTS simulation_truth;
            CREATE TABLE transactions (
                id            INTEGER PRIMARY KEY,
                amount        REAL NOT NULL,
                hour          REAL NOT NULL,
                distance_km   REAL NOT NULL,
                merchant_risk REAL NOT NULL,
                velocity_1h   REAL NOT NULL,
                batch         TEXT NOT NULL,      -- 'history' or 'new'
                analyst_label INTEGER NULL        -- 1 = confirmed fraud; NULL = not reviewed
            );
            CREATE TABLE alerts (
                transaction_id INTEGER PRIMARY KEY REFERENCES transactions(id),
                score          REAL NOT NULL,
                raised_at      TEXT NOT NULL
            );
            CREATE TABLE simulation_truth (id INTEGER PRIMARY KEY, is_fraud INTEGER NOT NULL);
            """);

        var random = new Random(seed);
        using SqliteTransaction transaction = connection.BeginTransaction();
        using SqliteCommand insert = connection.CreateCommand();
        insert.CommandText = """
            INSERT INTO transactions (id, amount, hour, distance_km, merchant_risk, velocity_1h, batch, analyst_label)
            VALUES ($id, $amount, $hour, $distance, $risk, $velocity, $batch, $label);
            INSERT INTO simulation_truth (id, is_fraud) VALUES ($id, $fraud);
            """;
        string[] names = { "$id", "$amount", "$hour", "$distance", "$risk", "$velocity", "$batch", "$label", "$fraud" };
        foreach (string name in names)
            insert.Parameters.Add(new SqliteParameter { ParameterName = name });

        for (int id = 1; id <= HistoryRows + NewRows; id++)
        {
            bool isNew = id > HistoryRows;
            bool fraud = random.NextDouble() < 0.02;
            (double amount, double hour, double distance, double risk, double velocity) = fraud ? Fraud(random) : Normal(random);
            // Analysts confirmed about one fraud in five of last month's; nobody has reviewed today's rows.
            bool confirmed = fraud && !isNew && random.NextDouble() < 0.2;
            object[] values = { id, amount, hour, distance, risk, velocity, isNew ? "new" : "history",
                                confirmed ? 1 : DBNull.Value, fraud ? 1 : 0 };
            for (int i = 0; i < values.Length; i++)
                insert.Parameters[i].Value = values[i];
            insert.ExecuteNonQuery();
        }
        transaction.Commit();
    }

    private static (double, double, double, double, double) Normal(Random random) => (
        Math.Round(Math.Exp(3.5 + 0.8 * Gaussian(random)), 2), // amount: log-normal around 33
        Math.Clamp(Math.Round(14 + 4 * Gaussian(random)), 0, 23), // mostly daytime
        Math.Abs(8 * Gaussian(random)), // close to home
        random.NextDouble() * 0.4, // ordinary merchants
        Math.Max(0, Math.Round(1 + Gaussian(random)))); // one or two payments an hour

    private static (double, double, double, double, double) Fraud(Random random) => random.NextDouble() < 0.5
        // Card testing: many small payments in a short time at risky merchants.
        ? (Math.Round(1 + 4 * random.NextDouble(), 2), Math.Round(24 * random.NextDouble()) % 24, Math.Abs(30 * Gaussian(random)),
           0.5 + 0.5 * random.NextDouble(), 6 + Math.Round(4 * random.NextDouble()))
        // Account takeover: a large purchase far from home at night.
        : (Math.Round(Math.Exp(6 + 0.5 * Gaussian(random)), 2), Math.Round(1 + 4 * random.NextDouble()), 300 + 500 * random.NextDouble(),
           0.3 + 0.4 * random.NextDouble(), Math.Max(0, Math.Round(2 + Gaussian(random))));

    private static double Gaussian(Random random)
        => Math.Sqrt(-2.0 * Math.Log(1.0 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    private static void Execute(SqliteConnection connection, string sql)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
