using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.ML.AnoOnly.Onnx;
using Microsoft.ML.AnoOnly.Persistence;
using Microsoft.ML.AnoOnly.Scoring;
using Microsoft.ML.AnoOnly.Tests.Deployment;
using Microsoft.ML.Data;
using NUnit.Framework;

namespace Microsoft.ML.AnoOnly.Tests.Reliability
{
    /// <summary>
    /// Untrusted model files: decoded states of every backbone, mutated in their shapes, counts, lengths, enum values,
    /// version and combination values (and as raw bytes), re-sealed with valid checksums. Every case ends in a model that
    /// loads, scores, explains and exports, or in <see cref="AnoOnlyModelFormatException"/>; never another exception, a
    /// hang, or memory out of proportion to the state. Rows of docs/reliability.md.
    /// </summary>
    public class ModelStateFuzzTests
    {
        private const int Cases = 400;

        /// <summary>Memory a case may allocate: a constant for ML.NET and the test, plus a multiple of the state's size.</summary>
        private const long AllocationAllowance = 32L << 20, AllocationPerStateByte = 32;

        private static readonly TimeSpan CaseTimeout = TimeSpan.FromSeconds(60);

        private static List<RawModelState> Bases()
        {
            var ml = new MLContext(seed: 1);
            var bases = new List<RawModelState>();
            foreach (string name in new[] { "devnet-anomalyonly", "deepsad-full", "prenet-anomalyonly", "feawad-full" })
            {
                ModelState state = FixtureModels.Load(ml, name).LastTransformer.State;
                RawModelState raw = RawModelState.From(state);
                raw.Reference = Enumerable.Range(0, state.FeatureCount).Select(i => 0.5f).ToArray();
                bases.Add(raw);
            }
            RawModelState two = RawModelState.From(BlockScoringTests.TwoMembers(FixtureModels.Load(ml, "deepsad-anomalyonly").LastTransformer.State));
            bases.Add(two);
            bases.Add(RawModelState.From(WithTrees(FixtureModels.Load(ml, "devnet-full").LastTransformer.State)));
            return bases;
        }

        /// <summary>The state's network and the ensemble's boosted-trees member, trained on rows of the same width.</summary>
        private static ModelState WithTrees(ModelState state)
        {
            Data.TrainingSet rows = Mechanism.MechanismRig.Rows(unlabeled: 200, anomalies: 10, features: state.FeatureCount);
            MemberState trees = Microsoft.ML.AnoOnly.Backbones.Trees.BoostedTreesMember.Instance.Train(rows, Training.FitSettings.Resolve(new AnoOnlyTrainer.Options(), 1),
                AnoOnlyLoss.AnomalyOnly, 1, 1, Training.TrainingReporter.Silent, CancellationToken.None);
            return new ModelState(state.FeatureColumnName, state.FeatureCount, state.Threshold,
                new[] { state.Members[0].WithCombination(new ScoreCombination(0.6f, 0.1f, 2f)), trees.WithCombination(new ScoreCombination(0.4f, -0.5f, 3f)) },
                state.NormalReference);
        }

        [Test]
        public void MutatedStatesLoadOrAreRefusedWithinBounds()
        {
            List<RawModelState> bases = Bases();
            var random = new Random(20240611);
            var outcomes = new Dictionary<string, int>();
            int loaded = 0, refused = 0;
            for (int i = 0; i < Cases; i++)
            {
                RawModelState raw = Copy(bases[random.Next(bases.Count)]);
                (string kind, byte[] body) = Mutate(raw, random);
                byte[] state = RawModelState.Sealed(body);
                bool throughZip = i % 10 == 0;
                bool ok = Judge(state, throughZip, $"case {i} ({kind})");
                if (ok)
                    loaded++;
                else
                    refused++;
                string key = $"{kind}: {(ok ? "loaded" : "refused")}";
                outcomes[key] = outcomes.GetValueOrDefault(key) + 1;
            }
            foreach (var entry in outcomes.OrderBy(e => e.Key))
                TestContext.Out.WriteLine($"{entry.Key} {entry.Value}");
            TestContext.Out.WriteLine($"{loaded} loaded, {refused} refused of {Cases}");
            Assert.That(loaded, Is.GreaterThan(Cases / 20), "some mutated states are still valid models");
            Assert.That(refused, Is.GreaterThan(Cases / 4), "most are refused");
        }

        /// <summary>
        /// Layers far wider than any trained network, consistent in every shape (so the codec, which checks sizes against the
        /// bytes, accepts them): scoring, blocks and explanations must bound their scratch memory (no stack buffer of a
        /// layer's width) and run on a thread with a small stack.
        /// </summary>
        [TestCase(AnoOnlyBackbone.DevNet, 1, 600_000)]
        [TestCase(AnoOnlyBackbone.DeepSad, 1, 400_000)]
        [TestCase(AnoOnlyBackbone.FeaWad, 700, 0)]
        public void HugeButConsistentLayersScoreWithBoundedScratch(AnoOnlyBackbone backbone, int features, int width)
        {
            var raw = new RawModelState { FeatureCount = features, Threshold = 0, Reference = new float[features] };
            var random = new Random(1);
            float[] Values(long n) => Enumerable.Range(0, (int)n).Select(_ => (float)(random.NextDouble() - 0.5) * 1e-3f).ToArray();
            RawModelState.Tensor T(string name, params int[] dims) => new() { Name = name, Dims = dims, Values = Values(dims.Aggregate(1L, (a, b) => a * b)) };
            var member = new RawModelState.Member { Backbone = (int)backbone };
            member.Tensors = backbone switch
            {
                AnoOnlyBackbone.DevNet => new() { T("hidden.weight", width, features), T("hidden.bias", width), T("output.weight", 1, width), T("output.bias", 1) },
                AnoOnlyBackbone.DeepSad => new()
                {
                    T("hidden1.weight", width, features), T("hidden1.bias", width), T("hidden2.weight", 3, width), T("hidden2.bias", 3),
                    T("code.weight", 2, 3), T("centre", 2),
                },
                _ => FeaWadTensors(T, features),
            };
            raw.Members.Add(member);
            byte[] state = RawModelState.Sealed(raw.Body());
            Assert.That(Judge(state, throughZip: false, $"{backbone} of width {width}"), Is.True, "a consistent state loads within bounds");
            // Scoring, blocks and explanations again, on a thread whose stack (256 KB) a layer-wide stack buffer would overflow.
            Exception? failure = null;
            var thread = new Thread(() =>
            {
                try
                {
                    Exercise(Convert.ToBase64String(state), throughZip: false);
                }
                catch (Exception e)
                {
                    failure = e;
                }
            }, maxStackSize: 256 * 1024);
            thread.Start();
            Assert.That(thread.Join(CaseTimeout), "finishes");
            if (failure != null)
                throw failure;
        }

        private static List<RawModelState.Tensor> FeaWadTensors(Func<string, int[], RawModelState.Tensor> t, int d) => new()
        {
            t("autoencoder.input.weight", new[] { d, d }), t("autoencoder.input.bias", new[] { d }),
            t("autoencoder.encoder.weight", new[] { 128, d }), t("autoencoder.encoder.bias", new[] { 128 }),
            t("autoencoder.code.weight", new[] { 64, 128 }), t("autoencoder.code.bias", new[] { 64 }),
            t("autoencoder.decoder.weight", new[] { 128, 64 }), t("autoencoder.decoder.bias", new[] { 128 }),
            t("autoencoder.output.weight", new[] { d, 128 }), t("autoencoder.output.bias", new[] { d }),
            t("detector.hidden.weight", new[] { 256, d + 65 }), t("detector.hidden.bias", new[] { 256 }),
            t("detector.narrow.weight", new[] { 32, 257 }), t("detector.narrow.bias", new[] { 32 }),
            t("detector.output.weight", new[] { 1, 33 }), t("detector.output.bias", new[] { 1 }),
        };

        /// <summary>Loads the sealed state (decoding and building the scorers, or through a saved zip and LoadAnoOnly), and
        /// when it loads, scores, explains and exports it. True: loaded; false: refused with the typed exception.</summary>
        private static bool Judge(byte[] state, bool throughZip, string what)
        {
            bool? result = null;
            Exception? unexpected = null;
            long allocated = 0;
            var task = Task.Factory.StartNew(() =>
            {
                long before = GC.GetAllocatedBytesForCurrentThread();
                try
                {
                    result = Exercise(Convert.ToBase64String(state), throughZip);
                }
                catch (AnoOnlyModelFormatException)
                {
                    result = false;
                }
                catch (Exception e)
                {
                    unexpected = e;
                }
                allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            }, TaskCreationOptions.LongRunning);
            Assert.That(task.Wait(CaseTimeout), $"{what}: no hang");
            Assert.That(unexpected, Is.Null, $"{what}: only AnoOnlyModelFormatException may refuse a state, got {unexpected}");
            Assert.That(allocated, Is.LessThanOrEqualTo(AllocationAllowance + AllocationPerStateByte * state.Length),
                $"{what}: allocated {allocated:N0} bytes for a state of {state.Length:N0}");
            return result!.Value;
        }

        private static bool Exercise(string text, bool throughZip)
        {
            ModelState state;
            IAnomalyScorer scorer;
            if (throughZip)
            {
                var ml = new MLContext();
                var schema = new DataViewSchema.Builder();
                schema.AddColumn("Features", new VectorDataViewType(NumberDataViewType.Single, 4));
                using var zip = new MemoryStream();
                ml.Model.Save(SavedPipeline.Build(text, "Features", schema.ToSchema()), null, zip);
                zip.Position = 0;
                AnoOnlyTransformer model = ml.Model.LoadAnoOnly(zip, out _).LastTransformer;
                (state, scorer) = (model.State, model.Scorer);
            }
            else
            {
                LoadedModel model = LoadedModel.From(text.AsMemory());
                (state, scorer) = (model.State, model.Scorer);
            }
            var random = new Random(3);
            float[] row = Enumerable.Range(0, state.FeatureCount).Select(_ => (float)random.NextDouble()).ToArray();
            float[] reference = state.NormalReference ?? new float[state.FeatureCount];
            try
            {
                ScoringGuard.Score(scorer, row, "Features");
            }
            catch (AnoOnlyInputException)
            {
                // A score that is not a number (weights that overflow): refused as scoring refuses such rows.
            }
            var block = new float[3];
            scorer.ScoreBlock(row.Concat(row).Concat(reference).ToArray(), 3, block);
            scorer.Explain(row, reference, new float[state.FeatureCount]);
            scorer.EmitOnnx(new OnnxGraphBuilder(), "Features");
            return true;
        }

        private static RawModelState Copy(RawModelState raw) => new()
        {
            Version = raw.Version,
            FeatureColumnName = raw.FeatureColumnName,
            FeatureCount = raw.FeatureCount,
            Threshold = raw.Threshold,
            Reference = raw.Reference.ToArray(),
            Members = raw.Members.Select(m => new RawModelState.Member
            {
                Backbone = m.Backbone, Loss = m.Loss, Weight = m.Weight, Center = m.Center, Scale = m.Scale,
                Tensors = m.Tensors.Select(t => new RawModelState.Tensor { Name = t.Name, Dims = t.Dims.ToArray(), Values = t.Values }).ToList(),
            }).ToList(),
        };

        private static readonly float[] Oddities = { float.NaN, float.PositiveInfinity, float.NegativeInfinity, 0f, -1f, 1e38f, 1e-38f, float.MaxValue };
        private static readonly int[] OddCounts = { -1, 0, 1, 2, int.MaxValue, int.MinValue, 1 << 20, (1 << 20) + 1, 1 << 30 };

        /// <summary>One random mutation; returns its kind and the state's body.</summary>
        private static (string Kind, byte[] Body) Mutate(RawModelState raw, Random random)
        {
            RawModelState.Member member = raw.Members[random.Next(raw.Members.Count)];
            RawModelState.Tensor tensor = member.Tensors[random.Next(member.Tensors.Count)];
            switch (random.Next(16))
            {
                case 0:
                    return ("intact", raw.Body());
                case 1:
                {
                    // A dimension changed, the values resized to match: consistent bytes, inconsistent network (mostly).
                    int axis = random.Next(tensor.Dims.Length), old = tensor.Dims[axis];
                    int[] choices = { 1, 2, old + 1, Math.Max(1, old - 1), old * 2 };
                    tensor.Dims[axis] = choices[random.Next(choices.Length)];
                    tensor.Values = Resize(tensor.Values, tensor.Dims.Aggregate(1L, (a, b) => a * b), random);
                    return ("shape", raw.Body());
                }
                case 2:
                    tensor.Dims = new[] { tensor.Values.Length };
                    return ("rank", raw.Body());
                case 3:
                    tensor.RankField = OddCounts[random.Next(OddCounts.Length)];
                    return ("rank field", raw.Body());
                case 4:
                    tensor.Dims[random.Next(tensor.Dims.Length)] = OddCounts[random.Next(OddCounts.Length)];
                    return ("dimension field", raw.Body());
                case 5:
                    if (random.Next(2) == 0)
                        member.Tensors.Remove(tensor);
                    else
                        tensor.Name += random.Next(2) == 0 ? "x" : "";
                    member.Tensors.Add(new RawModelState.Tensor { Name = tensor.Name + ".extra", Dims = new[] { 3 }, Values = new float[3] });
                    return ("tensor set", raw.Body());
                case 6:
                    member.TensorCountField = OddCounts[random.Next(OddCounts.Length)];
                    return ("tensor count", raw.Body());
                case 7:
                    if (random.Next(2) == 0)
                        raw.MemberCountField = OddCounts[random.Next(OddCounts.Length)];
                    else
                        raw.Members.AddRange(raw.Members.Take(random.Next(1, 3)).ToList());
                    return ("member count", raw.Body());
                case 8:
                    raw.ReferenceLengthField = random.Next(2) == 0 ? raw.FeatureCount + random.Next(-1, 2) : OddCounts[random.Next(OddCounts.Length)];
                    return ("reference length", raw.Body());
                case 9:
                    if (random.Next(2) == 0)
                        member.Backbone = random.Next(2) == 0 ? random.Next(-2, 6) : random.Next();
                    else
                        member.Loss = random.Next(-2, 4);
                    return ("enum", raw.Body());
                case 10:
                    raw.Version = new[] { -1, 0, 1, 3, int.MaxValue }[random.Next(5)];
                    return ("version", raw.Body());
                case 11:
                    switch (random.Next(3))
                    {
                        case 0: member.Weight = Oddities[random.Next(Oddities.Length)]; break;
                        case 1: member.Center = Oddities[random.Next(Oddities.Length)]; break;
                        default: member.Scale = Oddities[random.Next(Oddities.Length)]; break;
                    }
                    return ("combination", raw.Body());
                case 12:
                    if (random.Next(2) == 0)
                        raw.FeatureCount = OddCounts[random.Next(OddCounts.Length)];
                    else
                        raw.Threshold = Oddities[random.Next(Oddities.Length)];
                    return ("feature count, threshold", raw.Body());
                case 13:
                {
                    float[] values = tensor.Values.ToArray();
                    values[random.Next(values.Length)] = Oddities[random.Next(3)];
                    tensor.Values = values;
                    return ("weight value", raw.Body());
                }
                case 14:
                {
                    byte[] body = raw.Body();
                    int cut = random.Next(12, body.Length);
                    return random.Next(2) == 0
                        ? ("truncated", body.Take(cut).ToArray())
                        : ("extended", body.Concat(Enumerable.Range(0, random.Next(1, 64)).Select(_ => (byte)random.Next(256))).ToArray());
                }
                default:
                {
                    byte[] body = raw.Body();
                    for (int k = random.Next(1, 4); k > 0; k--)
                        body[random.Next(12, body.Length)] ^= (byte)(1 << random.Next(8));
                    return ("flipped bits", body);
                }
            }
        }

        private static float[] Resize(float[] values, long size, Random random)
            => Enumerable.Range(0, (int)Math.Min(size, 1 << 24)).Select(i => i < values.Length ? values[i] : (float)(random.NextDouble() - 0.5)).ToArray();
    }
}
