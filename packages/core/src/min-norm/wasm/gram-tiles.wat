;; Gram kernel for the min-norm problem: adds the block's inner products ⟨x_i, x_j⟩ (j ≥ i, in
;; 2×2 tiles of (i, j) pairs) into a Float64 accumulator. Products and sums are Float64.
;; Layout of a block: row r at base + r·8192 (room for 1024 doubles), `len` doubles used per row.
;; Requires: rows even (a zero row pads an odd count), len a positive multiple of 4 (zero-padded),
;; base 16-aligned. `out` is rows×rows, row-major; only entries (i, j) with j ≥ i − 1 are written
;; (the tile on the diagonal also writes (i+1, i), which the caller ignores).
(module
  (memory (export "memory") 1)

  ;; Float32 → Float64 for `rows` rows of `len` values (len a multiple of 4): row r is read at
  ;; src + r·4096 and written at dst + r·8192, so a Float32 staging area maps onto the block.
  (func (export "promoteRows") (param $src i32) (param $dst i32) (param $rows i32) (param $len i32)
    (local $p i32) (local $q i32) (local $end i32) (local $r i32) (local $v v128)
    (block $done
      (br_if $done (i32.or (i32.eqz (local.get $rows)) (i32.eqz (local.get $len))))
      (loop $row
        (local.set $p (i32.add (local.get $src) (i32.shl (local.get $r) (i32.const 12))))
        (local.set $q (i32.add (local.get $dst) (i32.shl (local.get $r) (i32.const 13))))
        (local.set $end (i32.add (local.get $p) (i32.shl (local.get $len) (i32.const 2))))
        (loop $chunk
          (local.set $v (v128.load (local.get $p)))
          (v128.store (local.get $q) (f64x2.promote_low_f32x4 (local.get $v)))
          (v128.store offset=16 (local.get $q)
            (f64x2.promote_low_f32x4
              (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $v) (local.get $v))))
          (local.set $p (i32.add (local.get $p) (i32.const 16)))
          (local.set $q (i32.add (local.get $q) (i32.const 32)))
          (br_if $chunk (i32.lt_u (local.get $p) (local.get $end))))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br_if $row (i32.lt_u (local.get $r) (local.get $rows))))))

  (func (export "gramTiles") (param $base i32) (param $rows i32) (param $len i32) (param $out i32)
    (local $i i32) (local $j i32) (local $pi i32) (local $pj i32) (local $end i32)
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
        (local.set $pi (i32.add (local.get $base) (i32.shl (local.get $i) (i32.const 13))))
        (local.set $pj (i32.add (local.get $base) (i32.shl (local.get $j) (i32.const 13))))
        (local.set $end (i32.add (local.get $pi) (local.get $bytes)))
        (loop $k
          (local.set $a (v128.load (local.get $pi)))
          (local.set $b (v128.load offset=16 (local.get $pi)))
          (local.set $c (v128.load offset=8192 (local.get $pi)))
          (local.set $d (v128.load offset=8208 (local.get $pi)))
          (local.set $x (v128.load (local.get $pj)))
          (local.set $z (v128.load offset=16 (local.get $pj)))
          (local.set $y (v128.load offset=8192 (local.get $pj)))
          (local.set $w (v128.load offset=8208 (local.get $pj)))
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
