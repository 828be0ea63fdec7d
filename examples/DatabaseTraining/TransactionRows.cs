namespace DatabaseTraining;

/// <summary>
/// A row as the SQL queries return it: ML.NET's DatabaseLoader matches the query's column aliases to
/// these property names.
/// </summary>
public sealed class TransactionRow
{
    public long Id { get; set; }

    public float Amount { get; set; }

    public float Hour { get; set; }

    public float DistanceKm { get; set; }

    public float MerchantRisk { get; set; }

    public float Velocity1h { get; set; }

    /// <summary>1 = fraud confirmed by an analyst; 0 = nobody looked (unlabeled).</summary>
    public float Label { get; set; }
}

/// <summary>What the model adds to a row: read back with CreateEnumerable.</summary>
public sealed class ScoredTransaction
{
    public long Id { get; set; }

    public float Score { get; set; }

    public bool PredictedLabel { get; set; }
}
