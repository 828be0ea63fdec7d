using System;
using System.Collections.Generic;
using System.Numerics.Tensors;
using System.Threading;
using Microsoft.ML.Data;

namespace Microsoft.ML.AnoOnly.Data
{
    /// <summary>
    /// The training rows, read from an <see cref="IDataView"/> in one streaming cursor pass: every labeled
    /// anomaly, every confirmed normal (rows reviewed and found normal, when the data marks them), and a uniform
    /// reservoir sample of at most <c>maxUnlabeledRows</c> unlabeled rows, so that memory stays bounded however
    /// long the view is.
    /// </summary>
    internal sealed class TrainingSet
    {
        private TrainingSet(RowBuffer anomalies, RowBuffer unlabeled, RowBuffer confirmedNormals, long rowsRead, long unlabeledRowsRead,
            float largestMagnitude)
        {
            Anomalies = anomalies;
            Unlabeled = unlabeled;
            ConfirmedNormals = confirmedNormals;
            RowsRead = rowsRead;
            UnlabeledRowsRead = unlabeledRowsRead;
            LargestMagnitude = largestMagnitude;
        }

        public int FeatureCount => Anomalies.Width;
        public RowBuffer Anomalies { get; }
        public RowBuffer Unlabeled { get; }

        /// <summary>Rows a person reviewed and found normal: all of them, like the labeled anomalies (empty when the data
        /// marks none). They are not among <see cref="Unlabeled"/>.</summary>
        public RowBuffer ConfirmedNormals { get; }
        public long RowsRead { get; }
        public long UnlabeledRowsRead { get; }

        /// <summary>
        /// The rows that stand for the normal data where no label says otherwise: the unlabeled rows, or the confirmed
        /// normals when there is no unlabeled row left (an analyst reviewed every row).
        /// </summary>
        public RowBuffer NormalRows => Unlabeled.Count > 0 ? Unlabeled : ConfirmedNormals;

        /// <summary>The largest absolute feature value of all rows read: a divergence is blamed on unscaled
        /// features when it is large.</summary>
        public float LargestMagnitude { get; }

        /// <summary>The mean of the <see cref="NormalRows"/> (the unlabeled rows kept): the normal reference explanations
        /// measure from.</summary>
        public float[] UnlabeledMean()
        {
            RowBuffer normal = NormalRows;
            var sum = new double[FeatureCount];
            for (int i = 0; i < normal.Count; i++)
            {
                ReadOnlySpan<float> row = normal.Row(i);
                for (int j = 0; j < sum.Length; j++)
                    sum[j] += row[j];
            }
            var mean = new float[FeatureCount];
            for (int j = 0; j < mean.Length; j++)
                mean[j] = (float)(sum[j] / Math.Max(1, normal.Count));
            return mean;
        }

        /// <summary>
        /// Up to <paramref name="count"/> rows known or presumed normal, drawn without replacement, row-major into
        /// <paramref name="destination"/> (returns how many): the confirmed normals first, up to half of them, since they are
        /// known to be normal and an analyst confirms them where the model erred; unlabeled rows fill the rest, and
        /// confirmed normals again when those run out. The members that are not networks take their normal rows so.
        /// </summary>
        public int SampleNormalRows(int count, Random random, Span<float> destination)
        {
            int confirmed = Math.Min(ConfirmedNormals.Count, count / 2);
            int unlabeled = Math.Min(count - confirmed, Unlabeled.Count);
            confirmed = Math.Min(ConfirmedNormals.Count, count - unlabeled);
            int width = FeatureCount;
            ConfirmedNormals.Gather(RowSample.WithoutReplacement(ConfirmedNormals.Count, confirmed, random), destination.Slice(0, confirmed * width));
            Unlabeled.Gather(RowSample.WithoutReplacement(Unlabeled.Count, unlabeled, random),
                destination.Slice(confirmed * width, unlabeled * width));
            return confirmed + unlabeled;
        }

        /// <summary>How many rows <see cref="SampleNormalRows"/> gives for <paramref name="count"/>.</summary>
        public int NormalSampleSize(int count) => Math.Min(count, ConfirmedNormals.Count + Unlabeled.Count);

        /// <summary>Whether each row is a labeled anomaly, in the order of <see cref="ScoreAll"/>: anomalies, then unlabeled rows.</summary>
        public bool[] IsAnomalyByRow()
        {
            var isAnomaly = new bool[Anomalies.Count + Unlabeled.Count];
            isAnomaly.AsSpan(0, Anomalies.Count).Fill(true);
            return isAnomaly;
        }

        /// <summary>The scores of every row: labeled anomalies first, then unlabeled rows. Scored in blocks (the same bits
        /// as row by row).</summary>
        public float[] ScoreAll(Scoring.IAnomalyScorer scorer)
        {
            var scores = new float[Anomalies.Count + Unlabeled.Count];
            scorer.ScoreBlock(Anomalies.Values, Anomalies.Count, scores);
            scorer.ScoreBlock(Unlabeled.Values, Unlabeled.Count, scores.AsSpan(Anomalies.Count));
            return scores;
        }

        /// <summary>A training set of rows already in memory (the folds of a cross-validation).</summary>
        public static TrainingSet FromRows(RowBuffer anomalies, RowBuffer unlabeled, RowBuffer? confirmedNormals = null)
        {
            confirmedNormals ??= new RowBuffer(anomalies.Width, 1);
            float largest = Math.Max(Math.Max(Largest(anomalies), Largest(unlabeled)), Largest(confirmedNormals));
            return new TrainingSet(anomalies, unlabeled, confirmedNormals, anomalies.Count + unlabeled.Count + confirmedNormals.Count,
                unlabeled.Count, largest);
        }

        /// <summary>The labeled anomalies and unlabeled rows at the given indices of this set, with all its confirmed
        /// normals (a cross-validation fold trains with every confirmed normal; its held-out rows are the others).</summary>
        public TrainingSet Subset(ReadOnlySpan<int> anomalyRows, ReadOnlySpan<int> unlabeledRows)
            => FromRows(Anomalies.Subset(anomalyRows), Unlabeled.Subset(unlabeledRows), ConfirmedNormals);

        private static float Largest(RowBuffer rows) => rows.Count == 0 ? 0 : Math.Abs(TensorPrimitives.MaxMagnitude(rows.Values));

        public static TrainingSet Load(IDataView data, TrainingColumns columns, int maxUnlabeledRows, Random random, CancellationToken cancellation)
        {
            int width = columns.FeatureCount;
            var anomalies = new RowBuffer(width, 64);
            long? rowCount = data.GetRowCount();
            var unlabeled = new RowBuffer(width, (int)Math.Min(rowCount ?? 1024, maxUnlabeledRows));
            var confirmedNormals = new RowBuffer(width, 1);
            var row = new float[width];
            VBuffer<float> buffer = default;
            long unlabeledSeen = 0, position = 0;
            float largest = 0;

            var needed = new List<DataViewSchema.Column> { columns.Features, columns.Label };
            if (columns.ConfirmedNormal is DataViewSchema.Column confirmedColumn)
                needed.Add(confirmedColumn);
            using DataViewRowCursor cursor = data.GetRowCursor(needed);
            ValueGetter<VBuffer<float>> getFeatures = cursor.GetGetter<VBuffer<float>>(columns.Features);
            Func<bool> isAnomaly = FlagReader(cursor, columns.Label);
            Func<bool>? isConfirmedNormal = columns.ConfirmedNormal is DataViewSchema.Column confirmed ? FlagReader(cursor, confirmed) : null;
            while (cursor.MoveNext())
            {
                if ((position & 1023) == 0)
                    cancellation.ThrowIfCancellationRequested();
                getFeatures(ref buffer);
                ReadDense(buffer, row, columns, position);
                largest = Math.Max(largest, Math.Abs(TensorPrimitives.MaxMagnitude(row)));
                bool anomaly = isAnomaly();
                if (isConfirmedNormal?.Invoke() == true)
                {
                    if (anomaly)
                        throw BothMarks(columns, position);
                    confirmedNormals.Add(row);
                }
                else if (anomaly)
                {
                    anomalies.Add(row);
                }
                else
                {
                    // Reservoir sampling (Algorithm R): after n unlabeled rows each is kept with probability k/n.
                    unlabeledSeen++;
                    if (unlabeled.Count < maxUnlabeledRows)
                        unlabeled.Add(row);
                    else
                    {
                        long slot = random.NextInt64(unlabeledSeen);
                        if (slot < maxUnlabeledRows)
                            unlabeled.Replace((int)slot, row);
                    }
                }
                position++;
            }
            return new TrainingSet(anomalies, unlabeled, confirmedNormals, position, unlabeledSeen, largest);
        }

        /// <summary>Reads a Boolean column (true = marked) or a Single one (&gt; 0 = marked).</summary>
        private static Func<bool> FlagReader(DataViewRowCursor cursor, DataViewSchema.Column column)
        {
            if (column.Type is BooleanDataViewType)
            {
                ValueGetter<bool> getBool = cursor.GetGetter<bool>(column);
                bool flag = false;
                return () => { getBool(ref flag); return flag; };
            }
            ValueGetter<float> getSingle = cursor.GetGetter<float>(column);
            float value = 0;
            return () => { getSingle(ref value); return value > 0; };
        }

        private static AnoOnlyInputException BothMarks(TrainingColumns columns, long position)
        {
            string confirmed = columns.ConfirmedNormal!.Value.Name;
            return new AnoOnlyInputException(
                $"Row {position} is marked both as a labeled anomaly (label column '{columns.Label.Name}') and as a confirmed normal " +
                $"(column '{confirmed}'). A reviewed row is one or the other: clear one of the two marks.", confirmed, position);
        }

        private static void ReadDense(in VBuffer<float> buffer, float[] row, TrainingColumns columns, long position)
        {
            if (buffer.Length != row.Length)
                throw new AnoOnlyInputException(
                    $"Row {position} of feature column '{columns.Features.Name}' has {buffer.Length} values; expected {row.Length}.",
                    columns.Features.Name, position);
            buffer.CopyTo(row);
            for (int i = 0; i < row.Length; i++)
            {
                if (!float.IsFinite(row[i]))
                    throw new AnoOnlyInputException(
                        $"Row {position} of feature column '{columns.Features.Name}' holds {row[i]} at slot {i}; the trainer needs " +
                        "finite values. Remove or impute missing values first (e.g. Transforms.ReplaceMissingValues).",
                        columns.Features.Name, position, slot: i);
            }
        }
    }
}
