package main

import (
	"time"

	"github.com/opsledger/opsledger/commands"
	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/stock"
)

// The demo's stock story (§3.10), in the autumn: the East branch's back
// office (its clerk keeps the warehouse) asks headquarters for brochures
// and gets them, borrows spare-part kits from the logistics warehouse
// (a second loan still on the road), and hands a rep brochures for a
// trade fair on the materials request form. A second replenishment
// request is still open.
var (
	demoBrochure  = stock.Product{Name: "产品样册", ModelSpec: "2026 版"}
	demoSpareKit  = stock.Product{Name: "空压机备件包", ModelSpec: "SA-75 保养套件"}
	demoDisplayer = stock.Product{Name: "展架", ModelSpec: "X 型 80×180"}
)

func (s *seeder) stock() {
	day := func(d int, hour int) time.Time { return time.Date(2026, 9, d, hour, 0, 0, 0, cst) }
	east, keeper := "EAST-ADMIN", "emp-east-clerk-1"
	step(s, "stock:spares-in", "emp-wh-1", day(1, 9), s.h.Stock.ReceiveStock, commands.ReceiveStock{
		BranchID: "HQ-LOG", Product: demoSpareKit, Quantity: 20, SourceRef: "入库单 RK-SP-0901"})
	because(s, "秋季展会前样册不足", "stock:replenish-brochures", keeper, day(2, 10), s.h.Stock.RequestReplenishment, commands.RequestReplenishment{
		RequestID: "rpl-2026-001", BranchID: east, Product: demoBrochure, Quantity: 200, Reason: "秋季展会前样册不足"})
	step(s, "stock:brochures-in", keeper, day(5, 14), s.h.Stock.ReceiveStock, commands.ReceiveStock{
		BranchID: east, Product: demoBrochure, Quantity: 200, SourceRef: "总部发货单 FH-0905", ReplenishmentID: "rpl-2026-001"})
	because(s, "展会需要展架", "stock:replenish-displays", keeper, day(20, 10), s.h.Stock.RequestReplenishment, commands.RequestReplenishment{
		RequestID: "rpl-2026-002", BranchID: east, Product: demoDisplayer, Quantity: 4, Reason: "展会需要展架"})
	s.transfer("trf-2026-001", 4, day(8, 9), true)
	s.transfer("trf-2026-002", 2, day(22, 9), false)
	step(s, "stock:materials-file", "emp-rep-01", day(10, 9), s.h.Stock.FileMaterialsRequest, commands.FileMaterialsRequest{
		RequestID: "mat-2026-001", BranchID: east, Purpose: "杭州工业博览会发放",
		Lines: []stock.MaterialLine{{Product: demoBrochure, Quantity: 50, UnitCost: domain.Yuan(15)}}})
	step(s, "stock:materials-issue", keeper, day(10, 15), s.h.Stock.IssueMaterials, commands.MaterialsStep{RequestID: "mat-2026-001"})
}

// transfer lends qty spare-part kits from the logistics warehouse to the
// East branch, received there when arrived says so.
func (s *seeder) transfer(id string, qty int64, at time.Time, arrived bool) {
	k := "stock:" + id + ":"
	because(s, "客户急需保养备件", k+"request", "emp-east-clerk-1", at, s.h.Stock.RequestStockTransfer, commands.RequestStockTransfer{
		TransferID: id, FromBranch: "HQ-LOG", ToBranch: "EAST-ADMIN", Product: demoSpareKit, Quantity: qty, Reason: "客户急需保养备件"})
	step(s, k+"approve", "emp-wh-2", at.Add(2*time.Hour), s.h.Stock.ApproveStockTransfer, commands.TransferDecision{TransferID: id})
	step(s, k+"ship", "emp-wh-2", at.Add(4*time.Hour), s.h.Stock.ShipStockTransfer, commands.TransferDecision{TransferID: id})
	s.count("stock transfers", 1)
	if arrived {
		step(s, k+"receive", "emp-east-clerk-1", at.AddDate(0, 0, 1), s.h.Stock.ReceiveStockTransfer, commands.TransferDecision{TransferID: id})
	}
}
