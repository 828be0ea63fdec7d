using System;
using System.Collections.Generic;
using Microsoft.ML.AnoOnly;

namespace Microsoft.ML
{
    /// <summary>Creates the raw-table featurizer of AnoOnly from <c>mlContext.Transforms</c>.</summary>
    public static class AnoOnlyFeaturizerCatalog
    {
        /// <summary>
        /// Creates an <see cref="AnoOnlyFeaturizer"/>: the ML.NET pipeline that turns a raw table (numbers with blanks,
        /// text categories, ids) into the min-max scaled <see cref="float"/> vector that
        /// <c>AnomalyDetection.Trainers.AnoOnly</c> reads. Which column becomes what is decided now, from the first
        /// <see cref="AnoOnlyFeaturizerOptions.SampleRowCount"/> rows of <paramref name="trainingSample"/>
        /// (see <see cref="AnoOnlyFeaturizer.Columns"/>); means, categories and scaling are learned when it is fitted.
        /// </summary>
        /// <param name="catalog">The transforms catalog.</param>
        /// <param name="trainingSample">The training data, or rows like it; only its first rows are read.</param>
        /// <param name="options">Columns, limits and the missing-value rule.</param>
        /// <returns>The featurizer; append the trainer to it.</returns>
        /// <exception cref="AnoOnlyInputException">A named column does not exist or cannot be a category, no column can
        /// be a feature, or (under <see cref="AnoOnlyMissingValues.Error"/>) the sample has a missing numeric value.</exception>
        public static AnoOnlyFeaturizer PrepareAnoOnlyFeatures(this TransformsCatalog catalog, IDataView trainingSample,
            AnoOnlyFeaturizerOptions options)
            => new(catalog ?? throw new ArgumentNullException(nameof(catalog)), HostEnvironmentAccess.FromCatalog(catalog),
                trainingSample ?? throw new ArgumentNullException(nameof(trainingSample)),
                options ?? throw new ArgumentNullException(nameof(options)));

        /// <summary>
        /// Creates an <see cref="AnoOnlyFeaturizer"/> with the default options (text categories detected, at most 100
        /// categories a column, missing values imputed), the given output and label columns, and the columns to leave out.
        /// </summary>
        /// <param name="catalog">The transforms catalog.</param>
        /// <param name="trainingSample">The training data, or rows like it; only its first 10,000 rows are read.</param>
        /// <param name="outputColumnName">The feature vector written.</param>
        /// <param name="labelColumnName">The label column, never a feature; <see langword="null"/>: none.</param>
        /// <param name="excludedColumnNames">Columns never made features, for example a row id.</param>
        /// <returns>The featurizer; append the trainer to it.</returns>
        public static AnoOnlyFeaturizer PrepareAnoOnlyFeatures(this TransformsCatalog catalog, IDataView trainingSample,
            string outputColumnName = "Features", string? labelColumnName = "Label", params string[] excludedColumnNames)
            => catalog.PrepareAnoOnlyFeatures(trainingSample, new AnoOnlyFeaturizerOptions
            {
                OutputColumnName = outputColumnName,
                LabelColumnName = labelColumnName,
                ExcludedColumnNames = new List<string>(excludedColumnNames ?? Array.Empty<string>()),
            });
    }
}
