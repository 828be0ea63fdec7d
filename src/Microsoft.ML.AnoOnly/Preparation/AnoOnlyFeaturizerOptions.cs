using System.Collections.Generic;

namespace Microsoft.ML.AnoOnly
{
    /// <summary>
    /// Options of <see cref="AnoOnlyFeaturizer"/>, the helper that turns a raw table into AnoOnly's feature vector
    /// (<c>mlContext.Transforms.PrepareAnoOnlyFeatures</c>). The defaults suit a table loaded from a CSV file with the
    /// label in a column named <c>Label</c>.
    /// </summary>
    public sealed class AnoOnlyFeaturizerOptions
    {
        /// <summary>The feature vector written: a known-size vector of <see cref="float"/>, min-max scaled.
        /// Default: <c>Features</c>, the trainer's default input.</summary>
        public string OutputColumnName { get; set; } = "Features";

        /// <summary>The label column, never made a feature. Not required: a table without it is fine.
        /// <see langword="null"/> excludes no label. Default: <c>Label</c>.</summary>
        public string? LabelColumnName { get; set; } = "Label";

        /// <summary>Columns never made features, for example a row id or a timestamp. Each must exist in the sample.
        /// Default: none.</summary>
        public IList<string> ExcludedColumnNames { get; set; } = new List<string>();

        /// <summary>
        /// The columns to one-hot encode, text or numeric. <see langword="null"/> (default): every text column whose
        /// sample has at most <see cref="MaxCategories"/> distinct values and is not id-like is encoded, and no numeric
        /// column is. Set: exactly these columns are encoded, every other text column is left out, and every other
        /// numeric column stays numeric. Each must exist in the sample.
        /// </summary>
        public IList<string>? CategoricalColumnNames { get; set; }

        /// <summary>
        /// Most categories a text column may have to be detected as categorical, and most categories any encoded
        /// column keeps (the first ones met in the training rows; later ones encode as all zeros, like a category
        /// never seen). Default: 100.
        /// </summary>
        public int MaxCategories { get; set; } = 100;

        /// <summary>How many of the sample's first rows are read to decide each column's role and to find missing
        /// values. Default: 10,000.</summary>
        public int SampleRowCount { get; set; } = 10_000;

        /// <summary>What a missing numeric value (NaN; a blank in a CSV number column loaded with
        /// <c>MissingRealsAsNaNs = true</c>) does. Default:
        /// <see cref="AnoOnlyMissingValues.Impute"/>.</summary>
        public AnoOnlyMissingValues MissingValues { get; set; } = AnoOnlyMissingValues.Impute;
    }
}
