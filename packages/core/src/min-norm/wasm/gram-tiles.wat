;; Gram kernel for the min-norm problem: adds the block's inner products ⟨x_i, x_j⟩ (j ≥ i, in
;; 2×2 tiles of (i, j) pairs) into a Float64 accumulator. Products and sums are Float64.
;; Layout of a block: row r at base + r·stride bytes, `len` doubles used per row.
;; Requires: rows even (a zero row pads an odd count), len a positive multiple of 4 (zero-padded),
;; base and stride multiples of 16. `out` is rows×rows, row-major; only entries (i, j) with
;; j ≥ i − 1 are written (the tile on the diagonal also writes (i+1, i), which the caller ignores).
(module
  (memory (export "memory") 1)

  ;; Float32 → Float64 for `count` values (a multiple of 4) from src to dst (Float32 rows staged
  ;; with a stride of `len` floats map onto block rows with a stride of `len` doubles).
  (func (export "promote") (param $src i32) (param $dst i32) (param $count i32)
    (local $end i32) (local $v v128)
    (local.set $end (i32.add (local.get $src) (i32.shl (local.get $count) (i32.const 2))))
    (block $done
      (br_if $done (i32.ge_u (local.get $src) (local.get $end)))
      (loop $chunk
        (local.set $v (v128.load (local.get $src)))
        (v128.store (local.get $dst) (f64x2.promote_low_f32x4 (local.get $v)))
        (v128.store offset=16 (local.get $dst)
          (f64x2.promote_low_f32x4
            (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $v) (local.get $v))))
        (local.set $src (i32.add (local.get $src) (i32.const 16)))
        (local.set $dst (i32.add (local.get $dst) (i32.const 32)))
        (br_if $chunk (i32.lt_u (local.get $src) (local.get $end))))))

  (func (export "gramTiles") (param $base i32) (param $stride i32) (param $rows i32) (param $len i32) (param $out i32)
    (local $i i32) (local $j i32) (local $pi i32) (local $pj i32) (local $qi i32) (local $qj i32) (local $end i32)
    (local $o i32) (local $o2 i32)
    ;; rows i and i+1 (a, c: values k, k+1; b, d: k+2, k+3), columns j and j+1 (x, y; z, w)
    (local $a v128) (local $b v128) (local $c v128) (local $d v128)
    (local $x v128) (local $y v128) (local $z v128) (local $w v128)
    ;; one accumulator per pair; each step adds two products summed first, so the four add
    ;; chains advance once per step while eight loads, multiplies and adds keep the units busy
    ;; (eight accumulators plus eight loaded values would not fit the sixteen SIMD registers)
    (local $s00 v128) (local $s01 v128) (local $s10 v128) (local $s11 v128)
    (local $bytes i32)
    (local.set $bytes (i32.shl (local.get $len) (i32.const 3)))
    (loop $rowPair
      (local.set $j (local.get $i))
      (loop $colPair
        (local.set $s00 (v128.const i64x2 0 0))
        (local.set $s01 (v128.const i64x2 0 0))
        (local.set $s10 (v128.const i64x2 0 0))
        (local.set $s11 (v128.const i64x2 0 0))
        (local.set $pi (i32.add (local.get $base) (i32.mul (local.get $i) (local.get $stride))))
        (local.set $pj (i32.add (local.get $base) (i32.mul (local.get $j) (local.get $stride))))
        (local.set $qi (i32.add (local.get $pi) (local.get $stride)))
        (local.set $qj (i32.add (local.get $pj) (local.get $stride)))
        (local.set $end (i32.add (local.get $pi) (local.get $bytes)))
        (loop $k
          (local.set $a (v128.load (local.get $pi)))
          (local.set $b (v128.load offset=16 (local.get $pi)))
          (local.set $c (v128.load (local.get $qi)))
          (local.set $d (v128.load offset=16 (local.get $qi)))
          (local.set $x (v128.load (local.get $pj)))
          (local.set $z (v128.load offset=16 (local.get $pj)))
          (local.set $y (v128.load (local.get $qj)))
          (local.set $w (v128.load offset=16 (local.get $qj)))
          (local.set $s00 (f64x2.add (local.get $s00)
            (f64x2.add (f64x2.mul (local.get $a) (local.get $x)) (f64x2.mul (local.get $b) (local.get $z)))))
          (local.set $s01 (f64x2.add (local.get $s01)
            (f64x2.add (f64x2.mul (local.get $a) (local.get $y)) (f64x2.mul (local.get $b) (local.get $w)))))
          (local.set $s10 (f64x2.add (local.get $s10)
            (f64x2.add (f64x2.mul (local.get $c) (local.get $x)) (f64x2.mul (local.get $d) (local.get $z)))))
          (local.set $s11 (f64x2.add (local.get $s11)
            (f64x2.add (f64x2.mul (local.get $c) (local.get $y)) (f64x2.mul (local.get $d) (local.get $w)))))
          (local.set $pi (i32.add (local.get $pi) (i32.const 32)))
          (local.set $pj (i32.add (local.get $pj) (i32.const 32)))
          (local.set $qi (i32.add (local.get $qi) (i32.const 32)))
          (local.set $qj (i32.add (local.get $qj) (i32.const 32)))
          (br_if $k (i32.lt_u (local.get $pi) (local.get $end))))
        ;; out[i][j], out[i][j+1], out[i+1][j], out[i+1][j+1] += the tile's sums
        (local.set $o (i32.add (local.get $out)
          (i32.shl (i32.add (i32.mul (local.get $i) (local.get $rows)) (local.get $j)) (i32.const 3))))
        (local.set $o2 (i32.add (local.get $o) (i32.shl (local.get $rows) (i32.const 3))))
        (f64.store (local.get $o) (f64.add (f64.load (local.get $o))
          (f64.add (f64x2.extract_lane 0 (local.get $s00)) (f64x2.extract_lane 1 (local.get $s00)))))
        (f64.store offset=8 (local.get $o) (f64.add (f64.load offset=8 (local.get $o))
          (f64.add (f64x2.extract_lane 0 (local.get $s01)) (f64x2.extract_lane 1 (local.get $s01)))))
        (f64.store (local.get $o2) (f64.add (f64.load (local.get $o2))
          (f64.add (f64x2.extract_lane 0 (local.get $s10)) (f64x2.extract_lane 1 (local.get $s10)))))
        (f64.store offset=8 (local.get $o2) (f64.add (f64.load offset=8 (local.get $o2))
          (f64.add (f64x2.extract_lane 0 (local.get $s11)) (f64x2.extract_lane 1 (local.get $s11)))))
        (local.set $j (i32.add (local.get $j) (i32.const 2)))
        (br_if $colPair (i32.lt_u (local.get $j) (local.get $rows))))
      (local.set $i (i32.add (local.get $i) (i32.const 2)))
      (br_if $rowPair (i32.lt_u (local.get $i) (local.get $rows))))))
