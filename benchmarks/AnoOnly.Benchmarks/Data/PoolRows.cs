using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace AnoOnly.Benchmarks.Data
{
    /// <summary>
    /// The pool of an analyst loop (the protocol split's scaled train rows) as ML.NET views: with the labels and
    /// confirmed normals known so far, to train on, or only the rows nobody reviewed yet, to choose from.
    /// </summary>
    internal sealed class PoolRows
    {
        /// <summary>The trainer's confirmed-normal column in <see cref="Training"/>.</summary>
        public const string ConfirmedNormalColumnName = "ConfirmedNormal";

        private readonly MLContext _ml;
        private readonly float[][] _features;

        public PoolRows(MLContext ml, float[][] features)
        {
            _ml = ml;
            _features = features;
        }

        public int Count => _features.Length;

        /// <summary>Every row: Features, Label (1 = labeled anomaly) and ConfirmedNormal.</summary>
        public IDataView Training(IReadOnlyList<bool> labels, IReadOnlyList<bool> confirmedNormals)
            => _ml.Data.LoadFromEnumerable(
                _features.Select((row, i) => new TrainingRow { Features = row, Label = labels[i] ? 1f : 0f, ConfirmedNormal = confirmedNormals[i] }),
                Schema<TrainingRow>());

        /// <summary>The rows at <paramref name="indices"/>, Features only, in that order.</summary>
        public IDataView Rows(IReadOnlyList<int> indices)
            => _ml.Data.LoadFromEnumerable(indices.Select(i => new FeatureRow { Features = _features[i] }), Schema<FeatureRow>());

        private SchemaDefinition Schema<TRow>()
        {
            SchemaDefinition schema = SchemaDefinition.Create(typeof(TRow));
            schema[nameof(FeatureRow.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, _features[0].Length);
            return schema;
        }

        private sealed class TrainingRow
        {
            public float[] Features = Array.Empty<float>();
            public float Label;
            public bool ConfirmedNormal;
        }

        private sealed class FeatureRow
        {
            public float[] Features = Array.Empty<float>();
        }
    }
}
