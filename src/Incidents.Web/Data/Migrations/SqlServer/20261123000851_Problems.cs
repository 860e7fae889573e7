using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Incidents.Web.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class Problems : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Fingerprint",
                table: "Incidents",
                type: "nvarchar(300)",
                maxLength: 300,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "BacklogConnections",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    TeamId = table.Column<long>(type: "bigint", nullable: false),
                    System = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false),
                    BaseUrl = table.Column<string>(type: "nvarchar(500)", maxLength: 500, nullable: false),
                    Project = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    WorkItemType = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: true),
                    Labels = table.Column<string>(type: "nvarchar(500)", maxLength: 500, nullable: true),
                    ProtectedToken = table.Column<string>(type: "nvarchar(4000)", maxLength: 4000, nullable: false),
                    ProtectedWebhookSecret = table.Column<string>(type: "nvarchar(4000)", maxLength: 4000, nullable: false),
                    HookId = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    LastReconciledAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true),
                    LastError = table.Column<string>(type: "nvarchar(500)", maxLength: 500, nullable: true),
                    Version = table.Column<int>(type: "int", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BacklogConnections", x => x.Id);
                    table.ForeignKey(
                        name: "FK_BacklogConnections_Teams_TeamId",
                        column: x => x.TeamId,
                        principalTable: "Teams",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "JobCursors",
                columns: table => new
                {
                    Name = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    Position = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_JobCursors", x => x.Name);
                });

            migrationBuilder.CreateTable(
                name: "Notices",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    Key = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    UserId = table.Column<string>(type: "nvarchar(450)", maxLength: 450, nullable: false),
                    Subject = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    Text = table.Column<string>(type: "nvarchar(max)", maxLength: 8000, nullable: false),
                    Link = table.Column<string>(type: "nvarchar(500)", maxLength: 500, nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    SentAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true),
                    NextAttemptAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true),
                    Attempts = table.Column<int>(type: "int", nullable: false),
                    LastError = table.Column<string>(type: "nvarchar(500)", maxLength: 500, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Notices", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Notices_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Problems",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    Title = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    ServiceId = table.Column<long>(type: "bigint", nullable: false),
                    Fingerprint = table.Column<string>(type: "nvarchar(300)", maxLength: 300, nullable: true),
                    Status = table.Column<int>(type: "int", nullable: false),
                    OwnerId = table.Column<string>(type: "nvarchar(450)", maxLength: 450, nullable: true),
                    Category = table.Column<int>(type: "int", nullable: true),
                    RootCause = table.Column<string>(type: "nvarchar(4000)", maxLength: 4000, nullable: true),
                    Workaround = table.Column<string>(type: "nvarchar(4000)", maxLength: 4000, nullable: true),
                    ClosedReason = table.Column<string>(type: "nvarchar(500)", maxLength: 500, nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    ResolvedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true),
                    WatchUntil = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true),
                    Version = table.Column<int>(type: "int", nullable: false),
                    ContributingFactors = table.Column<string>(type: "nvarchar(max)", maxLength: 8000, nullable: false),
                    Whys = table.Column<string>(type: "nvarchar(max)", maxLength: 8000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Problems", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Problems_Services_ServiceId",
                        column: x => x.ServiceId,
                        principalTable: "Services",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "Countermeasures",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    ProblemId = table.Column<long>(type: "bigint", nullable: true),
                    PostmortemId = table.Column<long>(type: "bigint", nullable: true),
                    TeamId = table.Column<long>(type: "bigint", nullable: true),
                    Title = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    Description = table.Column<string>(type: "nvarchar(4000)", maxLength: 4000, nullable: true),
                    Kind = table.Column<string>(type: "nvarchar(30)", maxLength: 30, nullable: false),
                    OwnerId = table.Column<string>(type: "nvarchar(450)", maxLength: 450, nullable: true),
                    DueOn = table.Column<DateOnly>(type: "date", nullable: true),
                    Priority = table.Column<int>(type: "int", nullable: false),
                    State = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false),
                    Ineffective = table.Column<bool>(type: "bit", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    DoneAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true),
                    BacklogSystem = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: true),
                    BacklogItemId = table.Column<string>(type: "nvarchar(50)", maxLength: 50, nullable: true),
                    BacklogUrl = table.Column<string>(type: "nvarchar(1000)", maxLength: 1000, nullable: true),
                    BacklogState = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: true),
                    BacklogSyncedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true),
                    BacklogError = table.Column<string>(type: "nvarchar(500)", maxLength: 500, nullable: true),
                    Version = table.Column<int>(type: "int", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Countermeasures", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Countermeasures_Problems_ProblemId",
                        column: x => x.ProblemId,
                        principalTable: "Problems",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_Countermeasures_Teams_TeamId",
                        column: x => x.TeamId,
                        principalTable: "Teams",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateTable(
                name: "ProblemHistory",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    ProblemId = table.Column<long>(type: "bigint", nullable: false),
                    Kind = table.Column<string>(type: "nvarchar(30)", maxLength: 30, nullable: false),
                    ActorId = table.Column<string>(type: "nvarchar(450)", maxLength: 450, nullable: true),
                    ActorName = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    At = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    Text = table.Column<string>(type: "nvarchar(2000)", maxLength: 2000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ProblemHistory", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ProblemHistory_Problems_ProblemId",
                        column: x => x.ProblemId,
                        principalTable: "Problems",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ProblemIncidents",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    ProblemId = table.Column<long>(type: "bigint", nullable: false),
                    IncidentId = table.Column<long>(type: "bigint", nullable: false),
                    LinkedByName = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    LinkedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ProblemIncidents", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ProblemIncidents_Incidents_IncidentId",
                        column: x => x.IncidentId,
                        principalTable: "Incidents",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_ProblemIncidents_Problems_ProblemId",
                        column: x => x.ProblemId,
                        principalTable: "Problems",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Incidents_Fingerprint_TriggeredAt",
                table: "Incidents",
                columns: new[] { "Fingerprint", "TriggeredAt" });

            migrationBuilder.CreateIndex(
                name: "IX_BacklogConnections_HookId",
                table: "BacklogConnections",
                column: "HookId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_BacklogConnections_TeamId",
                table: "BacklogConnections",
                column: "TeamId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Countermeasures_BacklogSystem_BacklogItemId",
                table: "Countermeasures",
                columns: new[] { "BacklogSystem", "BacklogItemId" });

            migrationBuilder.CreateIndex(
                name: "IX_Countermeasures_OwnerId",
                table: "Countermeasures",
                column: "OwnerId");

            migrationBuilder.CreateIndex(
                name: "IX_Countermeasures_ProblemId",
                table: "Countermeasures",
                column: "ProblemId");

            migrationBuilder.CreateIndex(
                name: "IX_Countermeasures_State_TeamId",
                table: "Countermeasures",
                columns: new[] { "State", "TeamId" });

            migrationBuilder.CreateIndex(
                name: "IX_Countermeasures_TeamId",
                table: "Countermeasures",
                column: "TeamId");

            migrationBuilder.CreateIndex(
                name: "IX_Notices_Key",
                table: "Notices",
                column: "Key",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Notices_NextAttemptAt",
                table: "Notices",
                column: "NextAttemptAt");

            migrationBuilder.CreateIndex(
                name: "IX_Notices_UserId",
                table: "Notices",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_ProblemHistory_ProblemId_At",
                table: "ProblemHistory",
                columns: new[] { "ProblemId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_ProblemIncidents_IncidentId",
                table: "ProblemIncidents",
                column: "IncidentId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ProblemIncidents_ProblemId",
                table: "ProblemIncidents",
                column: "ProblemId");

            migrationBuilder.CreateIndex(
                name: "IX_Problems_Fingerprint",
                table: "Problems",
                column: "Fingerprint");

            migrationBuilder.CreateIndex(
                name: "IX_Problems_ServiceId",
                table: "Problems",
                column: "ServiceId");

            migrationBuilder.CreateIndex(
                name: "IX_Problems_Status_CreatedAt",
                table: "Problems",
                columns: new[] { "Status", "CreatedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "BacklogConnections");

            migrationBuilder.DropTable(
                name: "Countermeasures");

            migrationBuilder.DropTable(
                name: "JobCursors");

            migrationBuilder.DropTable(
                name: "Notices");

            migrationBuilder.DropTable(
                name: "ProblemHistory");

            migrationBuilder.DropTable(
                name: "ProblemIncidents");

            migrationBuilder.DropTable(
                name: "Problems");

            migrationBuilder.DropIndex(
                name: "IX_Incidents_Fingerprint_TriggeredAt",
                table: "Incidents");

            migrationBuilder.DropColumn(
                name: "Fingerprint",
                table: "Incidents");
        }
    }
}
