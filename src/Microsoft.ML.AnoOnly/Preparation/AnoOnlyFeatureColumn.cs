using System.Globalization;

namespace Microsoft.ML.AnoOnly
{
    /// <summary>
    /// What <see cref="AnoOnlyFeaturizer"/> decided about one input column, and what it saw of it in the sample:
    /// one line of <see cref="ToString"/> per column is what a tool prints.
    /// </summary>
    public sealed class AnoOnlyFeatureColumn
    {
        internal AnoOnlyFeatureColumn(string name, AnoOnlyColumnRole role, string reason, long missingCount,
            int? distinctCount, bool hasMissingIndicator)
        {
            Name = name;
            Role = role;
            Reason = reason;
            MissingCount = missingCount;
            DistinctCount = distinctCount;
            HasMissingIndicator = hasMissingIndicator;
        }

        /// <summary>The input column's name.</summary>
        public string Name { get; }

        /// <summary>What the column became.</summary>
        public AnoOnlyColumnRole Role { get; }

        /// <summary>Why, in words (for example <c>Single</c> for a numeric column, or <c>id-like: 9,998 distinct values in 10,000 rows</c>).</summary>
        public string Reason { get; }

        /// <summary>Missing cells seen in the sample: NaN values of a numeric column, empty values of a text column
        /// (an empty text is a category of its own).</summary>
        public long MissingCount { get; }

        /// <summary>Distinct values seen in the sample, for text columns; <see langword="null"/> for others.</summary>
        public int? DistinctCount { get; }

        /// <summary>Whether a 0/1 missing-indicator feature follows the column's value (numeric columns with missing
        /// values in the sample, under <see cref="AnoOnlyMissingValues.Impute"/>).</summary>
        public bool HasMissingIndicator { get; }

        /// <summary>One line: the column, its role and why, e.g. <c>'Region': categorical (5 distinct values in 10,000 rows)</c>.</summary>
        public override string ToString()
        {
            string role = Role switch
            {
                AnoOnlyColumnRole.Numeric => "numeric",
                AnoOnlyColumnRole.Categorical => "categorical",
                _ => "left out",
            };
            string line = $"'{Name}': {role} ({Reason})";
            if (MissingCount > 0)
                line += string.Format(CultureInfo.InvariantCulture, Role == AnoOnlyColumnRole.Numeric
                    ? "; {0:N0} missing values in the sample{1}"
                    : "; {0:N0} empty values in the sample{1}", MissingCount, HasMissingIndicator ? ", imputed with the training mean, plus a missing indicator" : "");
            return line;
        }
    }
}
