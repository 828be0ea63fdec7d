namespace Microsoft.ML.AnoOnly
{
    /// <summary>What <see cref="AnoOnlyFeaturizer"/> does with missing numeric values: NaN, which is what a blank field
    /// of a CSV number column reads as when the text loader's <c>MissingRealsAsNaNs</c> is true (ML.NET's default reads 0).</summary>
    public enum AnoOnlyMissingValues
    {
        /// <summary>
        /// Replace them with the column's mean over the training rows, here and when scoring; a column with missing
        /// values in the sample also gets a 0/1 missing-indicator feature, so a blank can itself mark an anomaly.
        /// </summary>
        Impute = 0,

        /// <summary>Refuse them: creating the featurizer or fitting it throws <see cref="AnoOnlyInputException"/>
        /// naming the column and the row. A missing value met when scoring fails the trained model's scoring.</summary>
        Error = 1,
    }
}
