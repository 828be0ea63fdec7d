using System;
using System.Runtime.Intrinsics;

namespace Microsoft.ML.AnoOnly.Backbones.Trees
{
    /// <summary>
    /// How one tree of depth two is stored: ten floats, the root's feature and threshold, its left and right child's,
    /// then the four leaf values (left-left, left-right, right-left, right-right). A row goes right where its value is
    /// above the threshold. A node that does not split keeps both its leaves equal (and threshold +infinity), so every
    /// tree has the same shape: scoring has no branches on the shape, and ONNX gets one tensor per field.
    /// </summary>
    internal static class DepthTwoTree
    {
        public const int Width = 10;
        public const int RootFeature = 0, RootThreshold = 1, LeftFeature = 2, LeftThreshold = 3, RightFeature = 4, RightThreshold = 5;
        public const int FirstLeaf = 6;

        /// <summary>The features of the root, the left and the right node.</summary>
        public static readonly int[] FeatureFields = { RootFeature, LeftFeature, RightFeature };

        /// <summary>The leaf (0 to 3) reached where the root's, the left and the right node's features have these values:
        /// the rule of the trees (scoring reads them from a row, explanations from a mix of a row and the reference).</summary>
        public static int Leaf(ReadOnlySpan<float> tree, float rootValue, float leftValue, float rightValue)
            => Leaf(rootValue > tree[RootThreshold], leftValue > tree[LeftThreshold], rightValue > tree[RightThreshold]);

        /// <summary>The leaf reached given which way each node would send the row: the root's way picks the child whose way
        /// counts. Training calls it with the nodes' ways over bins, scoring (through the overload) over values.</summary>
        public static int Leaf(bool rootRight, bool leftRight, bool rightRight)
            => rootRight ? (rightRight ? 3 : 2) : (leftRight ? 1 : 0);

        /// <summary>
        /// <see cref="Leaf(bool, bool, bool)"/> in eight lanes at once: eight rows through one tree (blocks), or one row through eight trees
        /// (single rows). The same comparisons (ordered, so a NaN goes left as there), made with masks instead of branches:
        /// which way a row goes is data, and a mispredicted branch per row and tree cost more than the rest of the tree.
        /// </summary>
        internal readonly struct Lanes
        {
            private readonly Vector256<float> _root, _left, _right, _leftLeft, _leftRight, _rightLeft, _rightRight;

            /// <summary>One tree in every lane.</summary>
            public Lanes(ReadOnlySpan<float> tree)
            {
                _root = Vector256.Create(tree[RootThreshold]);
                _left = Vector256.Create(tree[LeftThreshold]);
                _right = Vector256.Create(tree[RightThreshold]);
                _leftLeft = Vector256.Create(tree[FirstLeaf]);
                _leftRight = Vector256.Create(tree[FirstLeaf + 1]);
                _rightLeft = Vector256.Create(tree[FirstLeaf + 2]);
                _rightRight = Vector256.Create(tree[FirstLeaf + 3]);
            }

            /// <summary>Trees <paramref name="first"/> to <paramref name="first"/> + 7 of <paramref name="trees"/>, one a
            /// lane; a lane past the last tree gets a tree whose leaves are all 0.</summary>
            public Lanes(ReadOnlySpan<float> trees, int first)
            {
                Vector256<float> Field(ReadOnlySpan<float> all, int field)
                {
                    Span<float> lanes = stackalloc float[Vector256<float>.Count];
                    for (int l = 0; l < lanes.Length; l++)
                    {
                        int at = (first + l) * Width + field;
                        lanes[l] = at < all.Length ? all[at] : 0f;
                    }
                    return Vector256.Create<float>(lanes);
                }
                _root = Field(trees, RootThreshold);
                _left = Field(trees, LeftThreshold);
                _right = Field(trees, RightThreshold);
                _leftLeft = Field(trees, FirstLeaf);
                _leftRight = Field(trees, FirstLeaf + 1);
                _rightLeft = Field(trees, FirstLeaf + 2);
                _rightRight = Field(trees, FirstLeaf + 3);
            }

            /// <summary>Which way each node would send each lane, a bit per lane set for right: the comparisons of
            /// <see cref="Values"/>, for both children whatever the root's way.</summary>
            public (uint Root, uint Left, uint Right) Ways((Vector256<float> Root, Vector256<float> Left, Vector256<float> Right) values)
                => (Vector256.GreaterThan(values.Root, _root).ExtractMostSignificantBits(),
                    Vector256.GreaterThan(values.Left, _left).ExtractMostSignificantBits(),
                    Vector256.GreaterThan(values.Right, _right).ExtractMostSignificantBits());

            /// <summary>The leaf values the lanes reach, given their values of the root's, the left and the right node's
            /// features.</summary>
            public Vector256<float> Values(Vector256<float> rootValues, Vector256<float> leftValues, Vector256<float> rightValues)
            {
                Vector256<float> right = Vector256.GreaterThan(rootValues, _root);
                Vector256<float> below = Vector256.GreaterThan(Vector256.ConditionalSelect(right, rightValues, leftValues),
                    Vector256.ConditionalSelect(right, _right, _left));
                return Vector256.ConditionalSelect(right, Vector256.ConditionalSelect(below, _rightRight, _rightLeft),
                    Vector256.ConditionalSelect(below, _leftRight, _leftLeft));
            }
        }
    }
}
