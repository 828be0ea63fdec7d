// Fraud detection straight from a database: train AnoOnly on transactions stored in SQLite, read
// through ML.NET's DatabaseLoader, score today's new transactions and write the alerts back to a table.
// Run: dotnet run --project examples/DatabaseTraining
using DatabaseTraining;
using Microsoft.Data.Sqlite;
using Microsoft.ML;
using Microsoft.ML.AnoOnly;
using Microsoft.ML.Data;

string databasePath = Path.Combine(AppContext.BaseDirectory, "transactions.db");
string connectionString = new SqliteConnectionStringBuilder { DataSource = databasePath }.ToString();
TransactionDatabase.Create(connectionString, seed: 7);
Console.WriteLine($"Created {databasePath}: {TransactionDatabase.HistoryRows} past and {TransactionDatabase.NewRows} new transactions.");

var mlContext = new MLContext(seed: 1);

// <database-loader>
// The loader reads rows lazily through ADO.NET; the query's aliases name the TransactionRow properties.
DatabaseLoader loader = mlContext.Data.CreateDatabaseLoader<TransactionRow>();
const string Columns = """
    id AS Id, amount AS Amount, hour AS Hour, distance_km AS DistanceKm,
    merchant_risk AS MerchantRisk, velocity_1h AS Velocity1h
    """;
var history = new DatabaseSource(SqliteFactory.Instance, connectionString,
    $"SELECT {Columns}, CASE WHEN analyst_label = 1 THEN 1.0 ELSE 0.0 END AS Label FROM transactions WHERE batch = 'history'");
IDataView trainingData = loader.Load(history);
// </database-loader>

// <train>
// Features: the five numeric columns in one vector, scaled to [0, 1] on the training data. The label marks
// the few frauds analysts confirmed; every other past transaction is unlabeled (mostly, not all, normal).
var pipeline = mlContext.Transforms.Concatenate("Features",
        nameof(TransactionRow.Amount), nameof(TransactionRow.Hour), nameof(TransactionRow.DistanceKm),
        nameof(TransactionRow.MerchantRisk), nameof(TransactionRow.Velocity1h))
    .Append(mlContext.Transforms.NormalizeMinMax("Features"))
    .Append(mlContext.AnomalyDetection.Trainers.AnoOnly(new AnoOnlyTrainer.Options
    {
        LabelColumnName = "Label",
        Contamination = 0.02, // about 2% of transactions are fraud: flag the top 2% of scores
        Seed = 1,
    }));
ITransformer model = pipeline.Fit(trainingData);
// </train>
Console.WriteLine($"Trained on {CountLabeled(connectionString)} analyst-confirmed frauds among the past transactions.");

// <score-and-alert>
// Score today's transactions (they have no label yet: the query returns 0) and keep the flagged ones.
var today = new DatabaseSource(SqliteFactory.Instance, connectionString,
    $"SELECT {Columns}, 0.0 AS Label FROM transactions WHERE batch = 'new'");
List<ScoredTransaction> alerts = mlContext.Data
    .CreateEnumerable<ScoredTransaction>(model.Transform(loader.Load(today)), reuseRowObject: false)
    .Where(row => row.PredictedLabel)
    .OrderByDescending(row => row.Score)
    .ToList();

using (var connection = new SqliteConnection(connectionString))
{
    connection.Open();
    using SqliteTransaction transaction = connection.BeginTransaction();
    using SqliteCommand insert = connection.CreateCommand();
    insert.CommandText = "INSERT INTO alerts (transaction_id, score, raised_at) VALUES ($id, $score, $at)";
    SqliteParameter id = insert.Parameters.Add("$id", SqliteType.Integer);
    SqliteParameter score = insert.Parameters.Add("$score", SqliteType.Real);
    insert.Parameters.AddWithValue("$at", DateTime.UtcNow.ToString("O"));
    foreach (ScoredTransaction alert in alerts)
    {
        id.Value = alert.Id;
        score.Value = alert.Score;
        insert.ExecuteNonQuery();
    }
    transaction.Commit();
}
// </score-and-alert>
Console.WriteLine($"Wrote {alerts.Count} alerts to the alerts table.");

// What an analyst would see next: the alerts, joined back to the transactions. The simulation also
// knows which transactions really are fraud, so it can say how many alerts are right.
using (var connection = new SqliteConnection(connectionString))
{
    connection.Open();
    using SqliteCommand query = connection.CreateCommand();
    query.CommandText = """
        SELECT
          (SELECT COUNT(*) FROM alerts a JOIN simulation_truth t ON t.id = a.transaction_id WHERE t.is_fraud = 1),
          (SELECT COUNT(*) FROM transactions x JOIN simulation_truth t ON t.id = x.id WHERE x.batch = 'new' AND t.is_fraud = 1)
        """;
    using (SqliteDataReader reader = query.ExecuteReader())
    {
        reader.Read();
        Console.WriteLine($"{reader.GetInt64(0)} of the {alerts.Count} alerts are real fraud; today's transactions hold {reader.GetInt64(1)} frauds.");
    }

    query.CommandText = """
        SELECT a.transaction_id, a.score, x.amount, x.hour, x.distance_km, x.velocity_1h
        FROM alerts a JOIN transactions x ON x.id = a.transaction_id ORDER BY a.score DESC LIMIT 5
        """;
    using SqliteDataReader top = query.ExecuteReader();
    Console.WriteLine("Top alerts:  id     score   amount  hour  distance  payments/h");
    while (top.Read())
        Console.WriteLine($"           {top.GetInt64(0),5}  {top.GetDouble(1),6:F3}  {top.GetDouble(2),7:F2}  {top.GetDouble(3),4:F0}  {top.GetDouble(4),8:F1}  {top.GetDouble(5),10:F0}");
}

static long CountLabeled(string connectionString)
{
    using var connection = new SqliteConnection(connectionString);
    connection.Open();
    using SqliteCommand count = connection.CreateCommand();
    count.CommandText = "SELECT COUNT(*) FROM transactions WHERE batch = 'history' AND analyst_label = 1";
    return (long)count.ExecuteScalar()!;
}
