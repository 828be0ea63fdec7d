using System;
using System.Linq;
using Microsoft.ML.AnoOnly.Backbones.PReNet;
using Microsoft.ML.AnoOnly.Data;
using Microsoft.ML.AnoOnly.Training;
using NUnit.Framework;
using static TorchSharp.torch;

namespace Microsoft.ML.AnoOnly.Tests.Mechanism
{
    /// <summary>Where confirmed normals ride: in the normal half of a balanced batch with a guaranteed share, and in
    /// PReNet's mixed and unlabeled pair groups with the targets of an (anomaly, normal) and a (normal, normal) pair.</summary>
    public class ConfirmedNormalBatchTests
    {
        /// <summary>Rows whose first feature says what they are: 1 labeled anomaly, 0 unlabeled, 0.5 confirmed normal.</summary>
        private static TrainingSet Marked(int confirmed, int unlabeledRows = 300)
        {
            var anomalies = new RowBuffer(3);
            var unlabeled = new RowBuffer(3);
            var normals = new RowBuffer(3);
            for (int i = 0; i < 7; i++)
                anomalies.Add(new float[] { 1, 0.5f + i * 0.01f, 0.2f });
            for (int i = 0; i < unlabeledRows; i++)
                unlabeled.Add(new float[] { 0, 0.3f + i * 0.001f, 0.6f });
            for (int i = 0; i < confirmed; i++)
                normals.Add(new float[] { 0.5f, 0.1f + i * 0.01f, 0.4f });
            return TrainingSet.FromRows(anomalies, unlabeled, normals);
        }

        /// <summary>Half of the normal places (a quarter of the batch), or as many as there are distinct confirmed normals.</summary>
        [TestCase(40, 16)]
        [TestCase(5, 5)]
        public void BalancedBatchGivesConfirmedNormalsAShareOfTheNormalHalf(int confirmed, int expected)
        {
            var sampler = new BatchSampler(Marked(confirmed), CPU);
            Batch batch = sampler.Balanced(new Random(1), anomalies: 32, normal: 32);
            float[] first = batch.Rows.select(1, 0).data<float>().ToArray();
            float[] anomalyMask = batch.IsAnomaly.data<float>().ToArray();
            float[] confirmedMask = batch.IsConfirmedNormal!.data<float>().ToArray();
            Assert.That(anomalyMask.Sum(), Is.EqualTo(32), "the anomaly half is untouched");
            Assert.That(confirmedMask.Sum(), Is.EqualTo(expected));
            Assert.That(first.Select(f => f == 0.5f ? 1f : 0f), Is.EqualTo(confirmedMask), "the mask marks exactly the confirmed normals' rows");
        }

        /// <summary>An analyst reviewed every row: no unlabeled row is left, and confirmed normals take every normal place.</summary>
        [Test]
        public void WithEveryRowReviewedConfirmedNormalsTakeEveryNormalPlace()
        {
            var sampler = new BatchSampler(Marked(5, unlabeledRows: 0), CPU);
            Batch batch = sampler.Balanced(new Random(1), anomalies: 32, normal: 32);
            Assert.That(batch.Rows.select(1, 0).data<float>().ToArray(), Is.EqualTo(Enumerable.Repeat(0.5f, 32).Concat(Enumerable.Repeat(1f, 32))));
            Assert.That(batch.IsConfirmedNormal!.data<float>().ToArray().Sum(), Is.EqualTo(32));
            Assert.That(sampler.UnlabeledRows(new Random(1), 8).select(1, 0).data<float>().ToArray(), Is.All.EqualTo(0.5f));

            PairBatch pairs = new PairSampler(sampler).Next(new Random(3), 4, 4, 8, 8f, 4f, 0f);
            float[] left = pairs.Left.select(1, 0).data<float>().ToArray(), right = pairs.Right.select(1, 0).data<float>().ToArray();
            Assert.That(left, Is.EqualTo(Enumerable.Repeat(1f, 8).Concat(Enumerable.Repeat(0.5f, 8))));
            Assert.That(right, Is.EqualTo(Enumerable.Repeat(1f, 4).Concat(Enumerable.Repeat(0.5f, 12))));
            Assert.That(pairs.ConfirmedNormalPair!.data<float>().ToArray(), Is.EqualTo(Enumerable.Repeat(0f, 8).Concat(Enumerable.Repeat(1f, 8))));
        }

        [Test]
        public void WithoutConfirmedNormalsThereIsNoMaskAndTheDrawsAreUnchanged()
        {
            TrainingSet plain = Marked(0);
            Batch batch = new BatchSampler(plain, CPU).Balanced(new Random(1), anomalies: 32, normal: 32);
            Assert.That(batch.IsConfirmedNormal, Is.Null);
            var random = new Random(1);
            float[] expected = Enumerable.Range(0, 32).Select(_ => plain.Unlabeled.Row(random.Next(300))[1]).ToArray();
            Assert.That(batch.Rows.select(1, 1).data<float>().ToArray().Take(32), Is.EqualTo(expected));
        }

        /// <summary>The rows a pair batch drew without confirmed normals, recorded from the sampler before it knew of them
        /// (System.Random's seeded sequence is the same on every machine): the second feature of a marked row is its index.</summary>
        [Test]
        public void PReNetPairsWithoutConfirmedNormalsDrawTheRowsTheyDrewBefore()
        {
            PairBatch batch = new PairSampler(new BatchSampler(Marked(0), CPU)).Next(new Random(3), 4, 4, 8, 8f, 4f, 0f);
            TestContext.Out.WriteLine(string.Join(",", Indices(batch.Left)) + " / " + string.Join(",", Indices(batch.Right)));
            Assert.That(batch.ConfirmedNormalPair, Is.Null);
            Assert.That(Indices(batch.Left), Is.EqualTo(ExpectedLeft));
            Assert.That(Indices(batch.Right), Is.EqualTo(ExpectedRight));
        }

        // Anomaly pairs and mixed pairs take anomalies on the left; anomaly pairs on the right too; the rest are unlabeled rows.
        private static readonly int[] ExpectedLeft = { 2, 4, 6, 1, 3, 1, 1, 6, 23, 147, 139, 172, 63, 136, 296, 153 };
        private static readonly int[] ExpectedRight = { 2, 2, 3, 5, 206, 271, 9, 24, 241, 196, 254, 262, 125, 202, 152, 164 };

        /// <summary>Which row of <see cref="Marked"/> each row of a side is: its index among the anomalies or the unlabeled rows.</summary>
        private static int[] Indices(Tensor side)
        {
            float[] kind = side.select(1, 0).data<float>().ToArray();
            float[] position = side.select(1, 1).data<float>().ToArray();
            return kind.Select((k, i) => k == 1 ? (int)Math.Round((position[i] - 0.5f) / 0.01f) : (int)Math.Round((position[i] - 0.3f) / 0.001f)).ToArray();
        }

        [Test]
        public void PReNetPairsWithConfirmedNormalsHaveTheirTargetsAndMask()
        {
            var pairs = new PairSampler(new BatchSampler(Marked(40), CPU));
            PairBatch batch = pairs.Next(new Random(3), anomalyPairs: 16, mixedPairs: 16, unlabeledPairs: 32, 8f, 4f, 0f);
            float[] left = batch.Left.select(1, 0).data<float>().ToArray();
            float[] right = batch.Right.select(1, 0).data<float>().ToArray();
            float[] target = batch.Target.data<float>().ToArray();
            float[] involves = batch.InvolvesAnomaly.data<float>().ToArray();
            float[] confirmed = batch.ConfirmedNormalPair!.data<float>().ToArray();
            for (int i = 0; i < 64; i++)
            {
                (float l, float r, float t, float a, float c) expected = i switch
                {
                    < 16 => (1, 1, 8, 1, 0),
                    < 24 => (1, 0.5f, 4, 1, 0), // (anomaly, confirmed normal): an anomaly with a normal row
                    < 32 => (1, 0, 4, 1, 0),
                    < 48 => (0.5f, 0, 0, 0, 1), // (confirmed normal, unlabeled): two normal rows
                    _ => (0, 0, 0, 0, 0),
                };
                Assert.That((left[i], right[i], target[i], involves[i], confirmed[i]), Is.EqualTo(expected), $"pair {i}");
            }
        }
    }
}
