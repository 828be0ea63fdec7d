using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.AnoOnly.Evaluation;
using Microsoft.ML.Data;

namespace Microsoft.ML.AnoOnly.Tests.ConfirmedNormals
{
    /// <summary>Views of rows with a Single label (1 = labeled anomaly) and a confirmed-normal column of any type.</summary>
    internal static class ReviewedRows
    {
        public const string Column = "ConfirmedNormal";

        public sealed class Row<TMark>
        {
            public float[] Features = Array.Empty<float>();
            public float Label;
            public TMark ConfirmedNormal = default!;
        }

        public static IDataView View<TMark>(MLContext ml, IReadOnlyList<float[]> features, IReadOnlyList<bool> labels, IReadOnlyList<TMark> marks)
        {
            SchemaDefinition schema = SchemaDefinition.Create(typeof(Row<TMark>));
            schema[nameof(Row<TMark>.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, features[0].Length);
            return ml.Data.LoadFromEnumerable(
                features.Select((f, i) => new Row<TMark> { Features = f, Label = labels[i] ? 1f : 0f, ConfirmedNormal = marks[i] }), schema);
        }

        /// <summary>The train part of a seeded synthetic split, with the given rows marked as confirmed normals.</summary>
        public static IDataView Train(MLContext ml, SemiSupervisedSplit split, Func<int, bool> confirmed)
            => View(ml, split.Train.Features, split.TrainLabels, Enumerable.Range(0, split.Train.Count).Select(confirmed).ToArray());

        public static AnoOnlyTrainer.Options Options(AnoOnlyBackbone backbone = AnoOnlyBackbone.DevNet, string? column = Column) => new()
        {
            Backbone = backbone,
            Seed = 1,
            NumberOfEpochs = 3,
            BatchesPerEpoch = 5,
            ConfirmedNormalColumnName = column,
        };
    }
}
